# cmake -DLISTING="<nvcc --list-gpu-arch output>" -DVERSION=<toolkit version> -P default_archs.cmake
# Prints "archs: <list>": the architectures cmake/GpuprobeCudaArchs.cmake builds by default
# for that listing, so tests/cuda_host_test.cpp can check the rule for toolkits not installed.
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/GpuprobeCudaArchs.cmake)
gpuprobe_cuda_archs_from_listing(archs "${LISTING}" "${VERSION}")
list(JOIN archs "," csv)
execute_process(COMMAND ${CMAKE_COMMAND} -E echo "archs: ${csv}")
