# gpuprobe_add_backend(<api> SOURCES ... [LIBS ...])
# Builds gpuprobe-backend-<api>.so as a MODULE next to the executables. Only the entry
# symbol is exported, so two plugins never clash on internal names.
function(gpuprobe_add_backend api)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  set(target gpuprobe-backend-${api})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/include
                                               ${CMAKE_CURRENT_BINARY_DIR})
  # C++ only: nvcc (CUDA sources) gets its own warning flags from the backend.
  target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:C,CXX>:${GPUPROBE_WARNINGS}>"
                                           ${GPUPROBE_MEASURED_CODE_OPTIONS})
  target_link_libraries(${target} PRIVATE gpuprobe_backend_kit Threads::Threads ${ARG_LIBS})
  # A kernel of kernels.def that the backend forgot is an undefined kernel_<ID>: fail the link.
  # (Not in a sanitizer build: there the runtime's symbols come from the executable.)
  if(NOT GPUPROBE_SANITIZE)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  # Executables depend on their plugins so `make gpuprobe` builds everything it loads.
  set_property(GLOBAL APPEND PROPERTY GPUPROBE_BACKEND_TARGETS ${target})
endfunction()

# gpuprobe_embed_text(<output.inc> <symbol> <input file>)
# Writes the file as a C++ raw string literal into the build tree at build time, so
# kernel sources ship inside the plugin and nothing generated lands in the source tree.
function(gpuprobe_embed_text output symbol input)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol} -P
            ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS ${input} ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    COMMENT "Embedding ${input}")
endfunction()

# Make <target> depend on every backend plugin registered so far (call deferred).
function(gpuprobe_link_backends_to target)
  get_property(backends GLOBAL PROPERTY GPUPROBE_BACKEND_TARGETS)
  if(backends)
    add_dependencies(${target} ${backends})
  endif()
endfunction()
