# CUDA plugin checks that need no GPU (label cuda_build; CI requires the plugin to build with
# GPUPROBE_REQUIRE=cuda_build): host-side rules, the fat binary's architectures, register
# spills at sm_80, and the plugin's behaviour on a machine without the NVIDIA driver.
# GPU-only tests (label gpu) skip here with "skipped: no CUDA device".
if(TARGET gpuprobe-backend-cuda)
  find_package(Python3 COMPONENTS Interpreter REQUIRED)

  gpuprobe_add_test(cuda_host_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cuda_host_test.cpp
                    LIBS ${GPUPROBE_CUDA_HOST_LIBRARY} ${CMAKE_DL_LIBS} LABELS cuda_build)
  list(JOIN GPUPROBE_CUDA_ARCH_LIST "," cuda_archs_csv)
  target_compile_definitions(cuda_host_test PRIVATE GPUPROBE_CMAKE_COMMAND="${CMAKE_COMMAND}"
                             GPUPROBE_TEST_CUDA_ARCHS="${cuda_archs_csv}"
                             GPUPROBE_TEST_CUDA_MAJOR=${GPUPROBE_CUDA_TOOLKIT_MAJOR})

  # The fat binary holds machine code for exactly the listed architectures + PTX of the newest.
  add_test(NAME CudaFatBinaryHoldsTheListedArchitectures
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cuda/fatbin_archs.py
                   $<TARGET_FILE:gpuprobe-backend-cuda> --expect ${cuda_archs_csv})
  # ptxas -v: no register spills in the bandwidth, chase, compute and tiled-matmul kernels.
  add_test(NAME CudaKernelsDoNotSpillAtSm80
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cuda/ptxas_spills.py
                   ${GPUPROBE_CUDA_PTXAS} ${GPUPROBE_CUDA_PTX} 80)
  # Without libcuda.so.1: `gpuprobe list` says why, `gpuprobe run` runs the other backends.
  add_test(NAME CudaWithoutDriverListsWhyAndRunsTheRest
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cuda/no_driver_cli.sh ${GPUPROBE_OUTPUT_DIR})
  set_tests_properties(CudaFatBinaryHoldsTheListedArchitectures CudaKernelsDoNotSpillAtSm80
                       CudaWithoutDriverListsWhyAndRunsTheRest
                       PROPERTIES LABELS cuda_build TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()

# GPU-only tests (label gpu): skipped here with "skipped: no CUDA device".
if(TARGET gpuprobe-backend-cuda)
  gpuprobe_add_test(cuda_gpu_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cuda_gpu_test.cpp
                    LIBS ${core_test_libs} gpuprobe_expected_unsupported ${GPUPROBE_CUDA_HOST_LIBRARY}
                         ${CMAKE_DL_LIBS}
                    LABELS gpu)
  target_include_directories(cuda_gpu_test PRIVATE ${CMAKE_SOURCE_DIR}/probe
                                                   ${CMAKE_SOURCE_DIR}/backends/cuda)
  add_dependencies(cuda_gpu_test gpuprobe-backend-cuda)
endif()

# Without a CUDA toolkit: one configure message and a configure that succeeds; with
# GPUPROBE_REQUIRE=cuda_build a configure error (scratch configures of this source tree).
if(GPUPROBE_WITH_CUDA)
  add_test(NAME CudaMissingToolkitIsOneConfigureMessage
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cuda/no_toolkit_configure.sh ${CMAKE_SOURCE_DIR}
                   ${CMAKE_COMMAND} ${CMAKE_GENERATOR} ${CMAKE_MAKE_PROGRAM})
  set_tests_properties(CudaMissingToolkitIsOneConfigureMessage PROPERTIES LABELS cuda_build
                                                                          TIMEOUT 300)
endif()
