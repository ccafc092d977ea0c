#include "plugin_registry.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "gpuprobe/printable.hpp"

namespace gpuprobe {
namespace fs = std::filesystem;
namespace {

const char* kPrefix = "gpuprobe-backend-";
const char* kSuffix = ".so";

std::string backend_name_from_path(const fs::path& path) {
  std::string stem = path.filename().string();
  stem = stem.substr(std::string(kPrefix).size());
  return stem.substr(0, stem.size() - std::string(kSuffix).size());
}

std::vector<InfoValue> convert_info(const gp_info_entry* entries, uint32_t count) {
  std::vector<InfoValue> out;
  for (uint32_t i = 0; i < count; ++i) {
    const gp_info_entry& e = entries[i];
    InfoValue v;
    v.key = e.key ? e.key : "";
    v.unit = e.unit ? e.unit : "";
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
        v.value = std::string(e.string_value ? e.string_value : "");
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

std::string ignored_twin(const std::string& path, const std::string& name,
                         const BackendStatus& first) {
  return "ignored " + printable(path) + ": backend '" + printable(name) +
         "' is already loaded from " + printable(first.library);
}

}  // namespace

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

PluginRegistry::PluginRegistry(const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (!fs::is_directory(dir, ec)) {
      notes_.push_back("plugin directory '" + printable(dir) + "' " +
                       (fs::exists(dir, ec) ? "is not a directory" : "does not exist") +
                       "; check GPUPROBE_PLUGIN_PATH");
      continue;
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string file = entry.path().filename().string();
      if (file.rfind(kPrefix, 0) == 0 && file.size() > std::string(kPrefix).size() + 3 &&
          file.substr(file.size() - 3) == kSuffix)
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // stable, documented order: by name
    for (const auto& f : files) {
      const std::string name = backend_name_from_path(f);
      if (const BackendStatus* first = find_status(name)) {
        notes_.push_back(ignored_twin(f.string(), name, *first));
        continue;
      }
      load(f.string());  // earlier directories win
    }
  }
}

void PluginRegistry::load(const std::string& path) {
  BackendStatus status;
  status.name = backend_name_from_path(path);
  status.library = path;
  Loaded loaded;
  loaded.name = status.name;

  loaded.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!loaded.handle) {
    const char* err = dlerror();
    status.reason = std::string("cannot load plugin: ") +
                    printable(err ? err : "unknown dlopen error", 300) + dlopen_hint(path);
    statuses_.push_back(status);
    return;
  }
  auto entry = reinterpret_cast<gp_plugin_entry_fn>(dlsym(loaded.handle, GP_PLUGIN_ENTRY_SYMBOL));
  const gp_plugin* table = entry ? entry() : nullptr;
  // A second copy of a loaded backend (another file name, or a link to the same file, which
  // dlopen hands back as the same library) must not be initialised again: the first wins.
  if (table && table->name && *table->name) {
    const BackendStatus* first = find_status(table->name);
    for (const auto& l : loaded_)
      if (l.table == table) first = find_status(l.name);
    if (first) {
      notes_.push_back(ignored_twin(path, table->name, *first));
      dlclose(loaded.handle);
      return;
    }
  }
  if (!table) {
    status.reason = std::string("not a valid gpuprobe plugin: symbol ") + GP_PLUGIN_ENTRY_SYMBOL +
                    (entry ? " returned no table" : " not found") +
                    "; remove the file or rebuild the plugin";
  } else if (table->abi_version != GP_PLUGIN_ABI_VERSION) {
    status.reason = "plugin ABI version " + std::to_string(table->abi_version) +
                    " does not match gpuprobe's ABI version " +
                    std::to_string(GP_PLUGIN_ABI_VERSION) + "; rebuild the plugin";
  } else if (table->init() != GP_OK) {
    const char* err = table->last_error ? table->last_error() : nullptr;
    status.reason = (err && *err) ? err
                                  : "plugin init failed without a message; run with the API's own "
                                    "diagnostics (clinfo, vulkaninfo) to see why";
    // A failed init may have opened part of its runtime: let it clean up.
    if (table->shutdown) table->shutdown();
  } else {
    status.available = true;
    loaded.table = table;
    if (table->name && *table->name) status.name = loaded.name = table->name;
    const uint32_t count = table->device_count();
    for (uint32_t i = 0; i < count; ++i) {
      DeviceInfo d;
      d.backend = status.name;
      d.api = table->api ? table->api : status.name;
      d.index = i;
      const gp_info_entry* entries = nullptr;
      uint32_t n = 0;
      if (table->device_info(i, &entries, &n) == GP_OK) {
        d.info = convert_info(entries, n);
      } else {
        // Keep the device (it may still run) but say why its capabilities are missing.
        const char* err = table->last_error ? table->last_error() : nullptr;
        d.info.push_back(
            {"device_info_error", std::string(err && *err ? err : "device_info failed"), ""});
      }
      const InfoValue* name = d.find("name");
      d.name = name ? name->to_string() : status.name + " device " + std::to_string(i);
      status.devices.push_back(std::move(d));
    }
  }
  if (!status.available) {
    dlclose(loaded.handle);
    loaded.handle = nullptr;
  } else {
    loaded_.push_back(loaded);
  }
  statuses_.push_back(std::move(status));
}

const BackendStatus* PluginRegistry::find_status(const std::string& name) const {
  for (const auto& s : statuses_)
    if (s.name == name) return &s;
  return nullptr;
}

const gp_plugin* PluginRegistry::plugin(const std::string& backend) const {
  for (const auto& l : loaded_)
    if (l.name == backend) return l.table;
  return nullptr;
}

PluginRegistry::~PluginRegistry() {
  for (auto it = loaded_.rbegin(); it != loaded_.rend(); ++it) {
    if (it->table && it->table->shutdown) it->table->shutdown();
    if (it->handle) dlclose(it->handle);
  }
}

}  // namespace gpuprobe
