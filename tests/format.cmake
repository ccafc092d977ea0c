# House rule: unformatted code fails the suite (CI runs the suite).
find_program(CLANG_FORMAT clang-format)
if(CLANG_FORMAT)
  add_test(NAME Format.SourcesMatchClangFormat COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-format.sh)
else()
  message(STATUS "gpuprobe: format check skipped: clang-format not found (install clang-format)")
endif()
