# CPU backend specifics (device info against /proc, every kernel verified, clamping,
# cancel). Needs the plugin built next to the test binary.
if(TARGET gpuprobe-backend-cpu)
  gpuprobe_add_test(cpu_backend_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cpu_backend_test.cpp
                    LIBS ${CMAKE_DL_LIBS} Threads::Threads)
  add_dependencies(cpu_backend_test gpuprobe-backend-cpu)
endif()
