#include "plugin_registry.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "abi_check.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/utf8.hpp"

namespace gpuprobe {
namespace fs = std::filesystem;
namespace {

const std::string kPrefix = "gpuprobe-backend-";
const std::string kSuffix = ".so";

std::vector<InfoValue> convert_info(const gp_info_entry* entries, uint32_t count) {
  std::vector<InfoValue> out;
  for (uint32_t i = 0; i < count; ++i) {
    const gp_info_entry& e = entries[i];
    InfoValue v;
    v.key = plugin_string(e.key, 256);
    v.unit = plugin_string(e.unit, 256);
    switch (e.type) {
      case GP_VALUE_INT:
        v.value = e.int_value;
        break;
      case GP_VALUE_BOOL:
        v.value = e.int_value != 0;
        break;
      case GP_VALUE_FLOAT:
        v.value = e.float_value;
        break;
      case GP_VALUE_STRING:
        v.value = plugin_string(e.string_value);
        break;
    }
    out.push_back(std::move(v));
  }
  return out;
}

// dlopen's reason decides the hint: a file that is not a shared library at all is damaged,
// a missing dependency is a runtime to install.
std::string dlopen_hint(const std::string& path) {
  char magic[4] = {};
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    const size_t n = std::fread(magic, 1, sizeof magic, f);
    std::fclose(f);
    if (n != sizeof magic || std::memcmp(magic,
                                         "\x7f"
                                         "ELF",
                                         4) != 0)
      return " (the file is not a valid gpuprobe plugin, not even a shared library: remove it "
             "or rebuild the plugin)";
  }
  return " (install the API's runtime library, e.g. ocl-icd-libopencl1 for OpenCL or "
         "libvulkan1 for Vulkan, or rebuild the plugin)";
}

std::string last_error_of(const gp_plugin& table) {
  return plugin_string(table.last_error ? table.last_error() : nullptr);
}

}  // namespace

std::string backend_name_from_path(const std::string& path) {
  std::string stem = fs::path(path).filename().string();
  if (stem.rfind(kPrefix, 0) == 0) stem = stem.substr(kPrefix.size());
  if (stem.size() >= kSuffix.size() && stem.substr(stem.size() - kSuffix.size()) == kSuffix)
    stem = stem.substr(0, stem.size() - kSuffix.size());
  return stem;
}

std::vector<std::string> default_plugin_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("GPUPROBE_PLUGIN_PATH"); env && *env) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      const size_t end = std::min(list.find(':', start), list.size());
      if (end > start) dirs.push_back(list.substr(start, end - start));
      start = end + 1;
    }
    return dirs;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path().string());
  return dirs;
}

std::string ignored_copy_note(const std::string& path, const std::string& name,
                              const std::string& first_path) {
  return "ignored " + printable(path) + ": backend '" + printable(name) +
         "' is already loaded from " + printable(first_path);
}

std::vector<PluginFile> find_plugin_files(const std::vector<std::string>& dirs,
                                          std::vector<std::string>* notes) {
  auto note = [&](std::string line) {
    if (notes) notes->push_back(std::move(line));
  };
  std::vector<PluginFile> found;
  std::vector<fs::path> canonical;  // of every file in `found`: a link to one is a copy
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      note("plugin directory '" + printable(dir) + "' " +
           (fs::exists(dir, ec) ? "is not a directory" : "does not exist") +
           "; check GPUPROBE_PLUGIN_PATH");
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string file = entry.path().filename().string();
      if (file.rfind(kPrefix, 0) == 0 && file.size() > kPrefix.size() + kSuffix.size() &&
          file.substr(file.size() - kSuffix.size()) == kSuffix)
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // stable, documented order: by name
    for (const auto& f : files) {
      const std::string name = backend_name_from_path(f.string());
      const fs::path real = fs::weakly_canonical(f, ec);
      auto same = std::find_if(found.begin(), found.end(), [&](const PluginFile& p) {
        return p.name == name || (!real.empty() && canonical[&p - found.data()] == real);
      });
      if (same != found.end()) {  // earlier directories win
        note(ignored_copy_note(f.string(), same->name, same->path));
        continue;
      }
      found.push_back({name, f.string()});
      canonical.push_back(real);
    }
  }
  return found;
}

LoadedPlugin::LoadedPlugin(const PluginFile& file) {
  // A directory whose name is not UTF-8 must not reach a result document as such.
  status_.name = utf8_sanitize(file.name);
  status_.library = utf8_sanitize(file.path);
  handle_ = dlopen(file.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* err = dlerror();
    status_.reason = std::string("cannot load plugin: ") +
                     printable(err ? utf8_sanitize(err) : "unknown dlopen error", 300) +
                     dlopen_hint(file.path);
    return;
  }
  auto entry = reinterpret_cast<gp_plugin_entry_fn>(dlsym(handle_, GP_PLUGIN_ENTRY_SYMBOL));
  const gp_plugin* table = entry ? entry() : nullptr;
  std::string missing;
  if (!table) {
    status_.reason = std::string("not a valid gpuprobe plugin: symbol ") + GP_PLUGIN_ENTRY_SYMBOL +
                     (entry ? " returned no table" : " not found") +
                     "; remove the file or rebuild the plugin";
  } else if (const std::string wrong = abi_version_violation(table->abi_version); !wrong.empty()) {
    status_.reason = wrong;
  } else if (missing = table_violation(*table); !missing.empty()) {
    status_.reason = missing + "; rebuild the plugin against this gpuprobe's plugin.h";
  } else if (table->init() != GP_OK) {
    const std::string err = last_error_of(*table);
    status_.reason = !err.empty() ? err
                                  : "plugin init failed without a message; run with the API's own "
                                    "diagnostics (clinfo, vulkaninfo) to see why";
    // A failed init may have opened part of its runtime: let it clean up.
    table->shutdown();
  } else if (const uint32_t count = table->device_count(); count > kMaxDevicesPerPlugin) {
    status_.reason = "the plugin reports " + std::to_string(count) + " devices, more than " +
                     std::to_string(kMaxDevicesPerPlugin) + "; its table is broken";
    table->shutdown();
  } else {
    status_.available = true;
    table_ = table;
    // Optional: a plugin without it loads as before and its points carry no telemetry.
    if (auto telemetry_entry =
            reinterpret_cast<gp_telemetry_entry_fn>(dlsym(handle_, GP_TELEMETRY_ENTRY_SYMBOL))) {
      const gp_telemetry* t = telemetry_entry();
      const std::string wrong = telemetry_table_violation(t);
      telemetry_ = std::make_unique<TelemetrySource>(wrong.empty() ? t : nullptr, wrong);
    }
    if (const std::string name = plugin_string(table->name, 64); !name.empty()) status_.name = name;
    find_memtest();
    for (uint32_t i = 0; i < count; ++i) {
      DeviceInfo d;
      d.backend = status_.name;
      d.api = table->api ? plugin_string(table->api, 64) : status_.name;
      d.index = i;
      const gp_info_entry* entries = nullptr;
      uint32_t n = 0;
      if (table->device_info(i, &entries, &n) == GP_OK && (entries || n == 0) &&
          n <= kMaxInfoEntries) {
        d.info = convert_info(entries, n);
      } else {
        // Keep the device (it may still run) but say why its capabilities are missing.
        const std::string err = last_error_of(*table);
        d.info.push_back({"device_info_error",
                          !err.empty() ? err
                                       : "device_info failed or returned " + std::to_string(n) +
                                             " entries at " + (entries ? "an array" : "null"),
                          ""});
      }
      const InfoValue* name = d.find("name");
      d.name = name ? name->to_string() : status_.name + " device " + std::to_string(i);
      status_.devices.push_back(std::move(d));
    }
  }
  if (!status_.available) {
    dlclose(handle_);
    handle_ = nullptr;
  }
}

void LoadedPlugin::find_memtest() {
  auto entry = reinterpret_cast<gp_memtest_entry_fn>(dlsym(handle_, GP_MEMTEST_ENTRY_SYMBOL));
  const gp_memtest* t = entry ? entry() : nullptr;
  if (!t)
    memtest_missing_ = "backend " + status_.name + " has no memory test (its plugin exports no " +
                       GP_MEMTEST_ENTRY_SYMBOL + "); choose another backend";
  else if (t->version != GP_MEMTEST_VERSION || !t->run || !t->last_error)
    memtest_missing_ = "backend " + status_.name + ": memory test table version " +
                       std::to_string(t->version) + " (expected " +
                       std::to_string(GP_MEMTEST_VERSION) +
                       ") or missing entries; rebuild the plugin";
  else
    memtest_ = t;
}

LoadedPlugin::~LoadedPlugin() {
  telemetry_.reset();  // sessions close while the plugin is still initialised
  if (table_) table_->shutdown();
  if (handle_) dlclose(handle_);
}

PluginRegistry::PluginRegistry(const std::vector<std::string>& dirs) {
  for (const auto& file : find_plugin_files(dirs, &notes_)) {
    auto plugin = std::make_unique<LoadedPlugin>(file);
    // A renamed copy names itself like one already loaded: the first found wins.
    auto first = std::find_if(statuses_.begin(), statuses_.end(), [&](const BackendStatus& s) {
      return s.name == plugin->status().name;
    });
    if (first != statuses_.end()) {
      notes_.push_back(ignored_copy_note(file.path, first->name, first->library));
      continue;
    }
    statuses_.push_back(plugin->status());
    if (plugin->table()) loaded_.push_back(std::move(plugin));
  }
}

const gp_plugin* PluginRegistry::plugin(const std::string& backend) const {
  for (const auto& l : loaded_)
    if (l->status().name == backend) return l->table();
  return nullptr;
}

TelemetrySource* PluginRegistry::telemetry(const std::string& backend) const {
  for (const auto& l : loaded_)
    if (l->status().name == backend) return l->telemetry();
  return nullptr;
}

PluginRegistry::~PluginRegistry() {
  while (!loaded_.empty()) loaded_.pop_back();  // reverse order of loading
}

}  // namespace gpuprobe
