# GPUPROBE_SANITIZE: build everything with sanitizers, e.g. "address,undefined" or "thread"
# (CMakePresets.json has both, with clang). Every executable gets the runtime defaults of
# tests/sanitizers/default_options.cpp: stop at the first report, a distinct exit status (66,
# so a test expecting exit 1 or 2 from the CLI cannot mistake a report for it), and the
# suppression files beside it, which name the drivers' own reports one by one.
set(GPUPROBE_SANITIZE "" CACHE STRING
    "Sanitizers to build with: address,undefined | address | undefined | thread | thread,undefined")

if(NOT GPUPROBE_SANITIZE)
  return()
endif()

string(REPLACE "," ";" gpuprobe_sanitizers "${GPUPROBE_SANITIZE}")
foreach(s IN LISTS gpuprobe_sanitizers)
  if(NOT s MATCHES "^(address|undefined|thread)$")
    message(FATAL_ERROR "gpuprobe: GPUPROBE_SANITIZE names '${s}'; use address, undefined or thread "
                        "(comma-separated, e.g. address,undefined)")
  endif()
endforeach()
if("thread" IN_LIST gpuprobe_sanitizers AND "address" IN_LIST gpuprobe_sanitizers)
  message(FATAL_ERROR "gpuprobe: GPUPROBE_SANITIZE: thread and address cannot be combined; "
                      "configure two build trees")
endif()

# Line tables for file:line in reports (full -g only makes the two CI builds slower); frame
# pointers for the fast unwinder; every UBSan finding fatal.
add_compile_options(-fsanitize=${GPUPROBE_SANITIZE} -fno-omit-frame-pointer -gline-tables-only)
# Compiling is most of a sanitizer pass on CI's two cores, and -O3 with sanitizer checks is
# its slowest part. Code that only orchestrates (the core, the GUI, tests, fuzz targets)
# builds unoptimised, in well under half the time; the kit and the plugins, whose kernels,
# fills and host references run for real in every test, keep -O1 (the sanitizers' advice),
# through GPUPROBE_MEASURED_CODE_OPTIONS.
add_compile_options(-O0)
set(GPUPROBE_MEASURED_CODE_OPTIONS -O1)
add_link_options(-fsanitize=${GPUPROBE_SANITIZE})
if("undefined" IN_LIST gpuprobe_sanitizers)
  add_compile_options(-fno-sanitize-recover=all)
endif()
set(GPUPROBE_SANITIZER_DIR ${CMAKE_SOURCE_DIR}/tests/sanitizers)

add_library(gpuprobe_sanitizer_defaults OBJECT ${GPUPROBE_SANITIZER_DIR}/default_options.cpp)
target_compile_definitions(gpuprobe_sanitizer_defaults PRIVATE
                           GPUPROBE_SANITIZER_DIR="${GPUPROBE_SANITIZER_DIR}")

# Link the defaults into every executable of the build (called deferred, once all exist).
function(gpuprobe_sanitizer_defaults_in dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_sources(${target} PRIVATE $<TARGET_OBJECTS:gpuprobe_sanitizer_defaults>)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    gpuprobe_sanitizer_defaults_in(${subdir})
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL gpuprobe_sanitizer_defaults_in
               ${CMAKE_SOURCE_DIR})
message(STATUS "gpuprobe: sanitizers ${GPUPROBE_SANITIZE} (${CMAKE_CXX_COMPILER_ID})")
