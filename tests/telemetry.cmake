# Telemetry: the core's sampler end to end with the fake plugin (worker and in process), the
# worker protocol and the document; the NVML and amdgpu hwmon sources on their own.
gpuprobe_add_test(telemetry_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/telemetry_test.cpp
                  LIBS gpuprobe_core gpuprobe_backend_kit nlohmann_json::nlohmann_json LABELS tsan)
target_include_directories(telemetry_test PRIVATE ${CMAKE_SOURCE_DIR}/probe)
target_compile_definitions(telemetry_test PRIVATE FUZZ_CORPUS="${CMAKE_SOURCE_DIR}/fuzz/corpus")
add_dependencies(telemetry_test fake_plugin_good fake_plugin_no_telemetry)

gpuprobe_add_test(telemetry_sources_test PARALLEL SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/telemetry_sources_test.cpp
                  LIBS gpuprobe_telemetry_sources)
