// The two stores behind open_history_store() (history_store.hpp).
#pragma once

#include <memory>
#include <string>

#include "gpuprobe/history_store.hpp"

namespace gpuprobe {

// Waits up to busy_timeout_ms for another writer's lock before failing.
std::unique_ptr<HistoryStore> open_sqlite_history(const std::string& path, int busy_timeout_ms);
std::unique_ptr<HistoryStore> open_postgres_history(const std::string& url);
// The URL with any password replaced by "***", for messages.
std::string redact_url(const std::string& url);

}  // namespace gpuprobe
