# cmake -DNVCC=... -DSOURCE=x.cu -DARCH=80 -DOUTPUT=x.ptx -P check_tensor_ptx.cmake
# Generates PTX for sm_ARCH and fails unless it holds a tensor-core MMA instruction
# (wmma.mma.sync or mma.sync): a kernel that compiles to plain FMAs must not pass as
# matmul_tensor.
execute_process(COMMAND ${NVCC} -ptx -arch=sm_${ARCH} -o ${OUTPUT} ${SOURCE}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nvcc -ptx -arch=sm_${ARCH} ${SOURCE} failed (${rc}): ${err}")
endif()
file(STRINGS ${OUTPUT} mma_lines REGEX "^[ \t]*(wmma\\.mma\\.sync|mma\\.sync)\\.")
list(LENGTH mma_lines count)
if(count EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: no mma/wmma instruction in its sm_${ARCH} PTX (${OUTPUT}): "
                      "the kernel does not use tensor cores")
endif()
list(GET mma_lines 0 first)
string(STRIP "${first}" first)
message(STATUS "${SOURCE}: ${count} tensor-core MMA instructions at sm_${ARCH}, e.g. ${first}")
