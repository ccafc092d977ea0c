# gpuprobe_cuda_default_archs(<out> <nvcc> <toolkit version>)
# The architectures a CUDA build targets when GPUPROBE_CUDA_ARCHS does not say: what
# `nvcc --list-gpu-arch` reports, kept to the toolkit's supported range (12.x: sm_50 to
# sm_90; 13.x: sm_75 and newer). backends/cuda/arch_table.cpp applies the same rule at run
# time to explain a card the build cannot run.
function(gpuprobe_cuda_default_archs out nvcc version)
  execute_process(COMMAND ${nvcc} --list-gpu-arch OUTPUT_VARIABLE listed RESULT_VARIABLE rc
                  ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gpuprobe: `${nvcc} --list-gpu-arch` failed (${rc}); set GPUPROBE_CUDA_ARCHS")
  endif()
  gpuprobe_cuda_archs_from_listing(archs "${listed}" ${version})
  if(NOT archs)
    message(FATAL_ERROR "gpuprobe: `${nvcc} --list-gpu-arch` lists no architecture CUDA ${version} "
                        "builds by default; set GPUPROBE_CUDA_ARCHS")
  endif()
  set(${out} "${archs}" PARENT_SCOPE)
endfunction()

# gpuprobe_cuda_archs_from_listing(<out> <nvcc --list-gpu-arch output> <toolkit version>)
# The rule itself, apart from running nvcc, so tests/cuda/default_archs.cmake can feed it
# the listings of other toolkit versions (tests/cuda_host_test.cpp).
function(gpuprobe_cuda_archs_from_listing out listed version)
  string(REGEX MATCHALL "compute_[0-9]+" computes "${listed}")
  string(REGEX MATCH "^[0-9]+" major "${version}")
  if(major EQUAL 12)
    set(low 50)
    set(high 90)
  else()
    set(low 75)
    set(high 100000)
  endif()
  set(archs)
  foreach(c ${computes})
    string(REPLACE "compute_" "" arch ${c})
    if(arch GREATER_EQUAL low AND arch LESS_EQUAL high)
      list(APPEND archs ${arch})
    endif()
  endforeach()
  list(REMOVE_DUPLICATES archs)
  list(SORT archs COMPARE NATURAL)
  set(${out} "${archs}" PARENT_SCOPE)
endfunction()

# gpuprobe_cuda_arch_property(<out> <archs>): CUDA_ARCHITECTURES value, machine code for
# every listed architecture plus PTX of the newest (forward compatibility: the driver
# compiles it for cards newer than the toolkit).
function(gpuprobe_cuda_arch_property out archs)
  set(property)
  set(newest 0)
  foreach(arch ${archs})
    list(APPEND property ${arch}-real)
    if(arch GREATER newest)
      set(newest ${arch})
    endif()
  endforeach()
  list(APPEND property ${newest}-virtual)
  set(${out} "${property}" PARENT_SCOPE)
endfunction()
