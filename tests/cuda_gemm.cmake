# CUDA GEMM pieces without a GPU: the precision table, the cuBLAS loader (found and not
# found), and the tensor-core kernel's PTX (label cuda_build). Only with a CUDA toolkit.
include(${CMAKE_SOURCE_DIR}/backends/cuda/gemm.cmake)
if(NOT TARGET gpuprobe_cuda_gemm)
  return()
endif()
gpuprobe_add_test(cuda_gemm_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cuda_gemm_test.cpp
                  LIBS gpuprobe_cuda_gemm)
target_compile_definitions(cuda_gemm_test PRIVATE
                           GPUPROBE_CUDA_LIBRARY_DIR="${GPUPROBE_CUDA_LIBRARY_DIR}")

set(ptx_check ${CMAKE_CURRENT_SOURCE_DIR}/cuda/check_tensor_ptx.cmake)
add_test(NAME MatmulTensorPtxHasTensorCoreMma
         COMMAND ${CMAKE_COMMAND} -DNVCC=${GPUPROBE_CUDA_NVCC} -DSOURCE=${GPUPROBE_CUDA_TENSOR_SOURCE}
                 -DARCH=80 -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/matmul_tensor_sm80.ptx -P ${ptx_check})
# The check shown to fail: a plain-FMA GEMM must be refused with the check's own message.
add_test(NAME TensorPtxCheckRefusesPlainFmaGemm
         COMMAND ${CMAKE_COMMAND} -DNVCC=${GPUPROBE_CUDA_NVCC}
                 -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/cuda/plain_fma_gemm.cu -DARCH=80
                 -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/plain_fma_gemm_sm80.ptx -P ${ptx_check})
set_tests_properties(MatmulTensorPtxHasTensorCoreMma PROPERTIES LABELS cuda_build TIMEOUT 300)
set_tests_properties(TensorPtxCheckRefusesPlainFmaGemm PROPERTIES
                     LABELS cuda_build TIMEOUT 300
                     PASS_REGULAR_EXPRESSION "no mma/wmma instruction")
