#include "abi_check.hpp"

#include <cmath>
#include <cstring>

#include "gpuprobe/telemetry_fields.hpp"
#include "gpuprobe/utf8.hpp"

namespace gpuprobe {

std::string abi_version_violation(uint32_t abi_version) {
  if (abi_version == GP_PLUGIN_ABI_VERSION) return {};
  const std::string versions = "plugin ABI version " + std::to_string(abi_version) +
                               " does not match gpuprobe's ABI version " +
                               std::to_string(GP_PLUGIN_ABI_VERSION);
  // What each version added, so an old plugin's reason says what it would misread.
  if (abi_version == 2)
    return versions +
           " (version 3 added the tf32, bf16 and int8 matmul precisions and the matmul_tensor "
           "kernel, which a version-2 plugin would misread); rebuild the plugin against this "
           "gpuprobe's plugin.h";
  return versions + "; rebuild the plugin";
}

std::string table_violation(const gp_plugin& t) {
  const std::pair<const void*, const char*> entries[] = {
      {reinterpret_cast<const void*>(t.init), "init"},
      {reinterpret_cast<const void*>(t.device_count), "device_count"},
      {reinterpret_cast<const void*>(t.device_info), "device_info"},
      {reinterpret_cast<const void*>(t.supports), "supports"},
      {reinterpret_cast<const void*>(t.run), "run"},
      {reinterpret_cast<const void*>(t.last_error), "last_error"},
      {reinterpret_cast<const void*>(t.shutdown), "shutdown"}};
  for (const auto& [pointer, name] : entries)
    if (!pointer) return std::string("the plugin table has no ") + name + " entry";
  return {};
}

std::string plugin_string(const char* text, size_t capacity) {
  if (!text) return {};
  // Driver text enters the core here: made UTF-8 so no result document can be refused.
  return utf8_sanitize(std::string_view(text, strnlen(text, capacity)));
}

std::string outcome_violation(const RunOutcome& o) {
  if (o.status > GP_ERR_INTERNAL) return "unknown status " + std::to_string(int(o.status));
  if (o.sample_seconds.size() > GP_MAX_SAMPLES)
    return std::to_string(o.sample_seconds.size()) + " samples, more than GP_MAX_SAMPLES (" +
           std::to_string(GP_MAX_SAMPLES) + ")";
  if (o.note.size() >= GP_NOTE_CAPACITY)
    return "a note of " + std::to_string(o.note.size()) + " bytes, more than its " +
           std::to_string(GP_NOTE_CAPACITY - 1) + "-byte array holds";
  if (o.verification > GP_VERIFY_FAILED)
    return "unknown verification value " + std::to_string(o.verification);
  if (o.timer > GP_TIMER_HOST) return "unknown timer value " + std::to_string(o.timer);
  for (size_t i = 0; i < o.sample_seconds.size(); ++i)
    if (!std::isfinite(o.sample_seconds[i]))
      return "sample " + std::to_string(i) + " time is " + std::to_string(o.sample_seconds[i]);
  if (!std::isfinite(o.work_per_iteration))
    return "work_per_iteration is " + std::to_string(o.work_per_iteration);
  if (o.telemetry) return telemetry_inconsistency(*o.telemetry);
  return {};
}

RunOutcome copy_run_result(gp_status status, const char* last_error, const gp_run_result& r) {
  RunOutcome o;
  o.status = status;
  if (status != GP_OK) o.error = plugin_string(last_error);
  std::string violation;
  if (!std::memchr(r.note, '\0', sizeof r.note))
    violation =
        "a note with no NUL terminator in its " + std::to_string(sizeof r.note) + "-byte array";
  else if (r.sample_count > GP_MAX_SAMPLES)
    violation = "sample_count " + std::to_string(r.sample_count) + ", more than GP_MAX_SAMPLES (" +
                std::to_string(GP_MAX_SAMPLES) + ")";
  if (violation.empty()) {
    o.note = r.note;
    o.iterations = r.iterations;
    o.sample_seconds.assign(r.sample_seconds, r.sample_seconds + r.sample_count);
    o.size_bytes = r.size_bytes;
    o.work_items = r.work_items;
    o.work_per_iteration = r.work_per_iteration;
    o.verification = r.verification;
    o.timer = r.timer;
    o.adjustments = r.adjustments;
    violation = outcome_violation(o);
  }
  if (violation.empty()) return o;
  RunOutcome refused;
  refused.status = GP_ERR_INTERNAL;
  refused.error = "the plugin broke the ABI (" + violation + "), so its result is refused";
  return refused;
}

}  // namespace gpuprobe
