# Script mode: -DINPUT=file -DOUTPUT=file.inc -DSYMBOL=name
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// generated from ${INPUT}; do not edit\nstatic const char ${SYMBOL}[] = R\"gpuprobe_src(${content})gpuprobe_src\";\n")
