# VRAM integrity test: the kit's runner, fault list and sizes and the host-side readings
# (memtest_test), and every backend present finding and placing injected bit flips
# (memtest_backend_test; a few MiB each).
gpuprobe_add_test(memtest_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/memtest_test.cpp
                  LIBS gpuprobe_core gpuprobe_backend_kit)
target_include_directories(memtest_test PRIVATE ${CMAKE_SOURCE_DIR}/backends)
gpuprobe_add_test(memtest_backend_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/memtest_backend_test.cpp
                  LIBS gpuprobe_core ${CMAKE_DL_LIBS})
target_include_directories(memtest_backend_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
foreach(backend cpu opencl vulkan cuda)
  if(TARGET gpuprobe-backend-${backend})
    add_dependencies(memtest_backend_test gpuprobe-backend-${backend})
  endif()
endforeach()
# The same tests on CUDA, labelled gpu: they skip here (no driver) and say why.
gpuprobe_add_test(memtest_gpu_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/memtest_backend_test.cpp
                  LIBS gpuprobe_core ${CMAKE_DL_LIBS} LABELS gpu)
target_include_directories(memtest_gpu_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
target_compile_definitions(memtest_gpu_test PRIVATE GPUPROBE_MEMTEST_GPU_ONLY)
if(TARGET gpuprobe-backend-cuda)
  add_dependencies(memtest_gpu_test gpuprobe-backend-cuda)
endif()
gpuprobe_add_test(memtest_cli_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/memtest_cli_test.cpp
                  LIBS nlohmann_json::nlohmann_json)
add_dependencies(memtest_cli_test gpuprobe gpuprobe-backend-cpu)
