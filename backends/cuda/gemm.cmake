# The CUDA GEMM pieces, for the CUDA plugin's CMakeLists.txt to include (and the tests):
#   gpuprobe_cuda_gemm            static library: cuBLAS/cuBLASLt loader (dlopen), the GEMM
#                                 precision table, and matmul_vendor's run function
#   GPUPROBE_CUDA_TENSOR_SOURCE   shaders/matmul_tensor.cu, for the plugin's device-code build
#   GPUPROBE_CUDA_NVCC, GPUPROBE_CUDA_LIBRARY_DIR   from the toolkit found
# Nothing is defined without GPUPROBE_WITH_CUDA or a CUDA toolkit: the plugin's own
# CMakeLists.txt prints the one configure message that says so.
include_guard(GLOBAL)
if(NOT GPUPROBE_WITH_CUDA)
  return()
endif()
find_package(CUDAToolkit QUIET)
if(NOT CUDAToolkit_FOUND)
  return()
endif()
# The library is linked from other directories (tests): its imported targets must be seen there.
foreach(imported CUDA::toolkit CUDA::cudart_static)
  if(TARGET ${imported})
    set_target_properties(${imported} PROPERTIES IMPORTED_GLOBAL TRUE)
  endif()
endforeach()

set(GPUPROBE_CUDA_TENSOR_SOURCE ${CMAKE_SOURCE_DIR}/shaders/matmul_tensor.cu CACHE INTERNAL "")
set(GPUPROBE_CUDA_NVCC ${CUDAToolkit_NVCC_EXECUTABLE} CACHE INTERNAL "")
set(GPUPROBE_CUDA_LIBRARY_DIR ${CUDAToolkit_LIBRARY_DIR} CACHE INTERNAL "")

set(gemm_dir ${CMAKE_SOURCE_DIR}/backends/cuda)
add_library(gpuprobe_cuda_gemm STATIC
  ${gemm_dir}/cublas_loader.cpp
  ${gemm_dir}/gemm_precisions.cpp
  ${gemm_dir}/kernels/matmul_vendor.cpp)
target_include_directories(gpuprobe_cuda_gemm PUBLIC ${gemm_dir} ${CMAKE_SOURCE_DIR}/include)
# cuBLAS only through its headers: the library itself is opened at run time.
target_link_libraries(gpuprobe_cuda_gemm PUBLIC CUDA::toolkit CUDA::cudart_static
                                                gpuprobe_backend_kit ${CMAKE_DL_LIBS})
target_compile_options(gpuprobe_cuda_gemm PRIVATE ${GPUPROBE_WARNINGS})
set_target_properties(gpuprobe_cuda_gemm PROPERTIES CXX_VISIBILITY_PRESET hidden)
