# CUDA plugin checks that need no GPU (label cuda_build; CI requires the plugin to build with
# GPUPROBE_REQUIRE=cuda_build): host-side rules.
if(TARGET gpuprobe-backend-cuda)
  gpuprobe_add_test(cuda_host_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cuda_host_test.cpp
                    LIBS ${GPUPROBE_CUDA_HOST_LIBRARY} ${CMAKE_DL_LIBS} LABELS cuda_build)
  list(JOIN GPUPROBE_CUDA_ARCH_LIST "," cuda_archs_csv)
  target_compile_definitions(cuda_host_test PRIVATE GPUPROBE_CMAKE_COMMAND="${CMAKE_COMMAND}"
                             GPUPROBE_TEST_CUDA_ARCHS="${cuda_archs_csv}"
                             GPUPROBE_TEST_CUDA_MAJOR=${GPUPROBE_CUDA_TOOLKIT_MAJOR})

endif()
