# Vulkan backend tests: every kernel verified on the machine's Vulkan device (lavapipe in
# CI), device info against vulkaninfo, a missing ICD. Registered twice: plain, and with
# GPUPROBE_VK_VALIDATION=1 so every kernel also runs under the Khronos validation layer and
# any validation message fails the test.
if(TARGET gpuprobe-backend-vulkan)
  gpuprobe_add_test(vulkan_backend_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/vulkan_backend_test.cpp
                    LIBS ${CMAKE_DL_LIBS})
  add_dependencies(vulkan_backend_test gpuprobe-backend-vulkan)
  # Version decoding and fp16 rounding are also checked directly (devices the CI lacks).
  target_link_libraries(vulkan_backend_test PRIVATE gpuprobe_vulkan_util)
  add_test(NAME vulkan_backend_test_with_validation COMMAND vulkan_backend_test)
  set_tests_properties(vulkan_backend_test_with_validation
                       PROPERTIES ENVIRONMENT "GPUPROBE_VK_VALIDATION=1" TIMEOUT 600)
endif()
