# The run history (include/gpuprobe/history_store.hpp): an SQLite file by default, a shared
# PostgreSQL database for a fleet. Both client libraries are Debian packages in
# scripts/setup.sh (libsqlite3-dev, libpq-dev).
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
add_library(gpuprobe_history STATIC
  ${CMAKE_CURRENT_LIST_DIR}/history_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sqlite_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/postgres_store.cpp)
target_include_directories(gpuprobe_history PUBLIC ${CMAKE_SOURCE_DIR}/include
                                            PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_compile_options(gpuprobe_history PRIVATE ${GPUPROBE_WARNINGS})
target_link_libraries(gpuprobe_history PUBLIC gpuprobe_core PRIVATE SQLite::SQLite3 PostgreSQL::PostgreSQL)
