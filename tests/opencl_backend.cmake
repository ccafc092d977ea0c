# OpenCL backend tests: device info against clinfo, every kernel verified on the machine's
# OpenCL device (PoCL in CI), a missing ICD, clamping, build errors.
if(TARGET gpuprobe-backend-opencl)
  gpuprobe_add_test(opencl_backend_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/opencl_backend_test.cpp
                    LIBS ${CMAKE_DL_LIBS})
  add_dependencies(opencl_backend_test gpuprobe-backend-opencl)
endif()
