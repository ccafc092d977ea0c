// The PostgreSQL store against a real server: history_postgres_test.sh starts one on
// loopback and passes its URL (with the password) in GPUPROBE_TEST_POSTGRES_URL.
#include <cstdlib>

#include "history_contract.hpp"

using namespace gpuprobe;

namespace {

std::string server_url() {
  const char* url = std::getenv("GPUPROBE_TEST_POSTGRES_URL");
  return url ? url : "";
}

std::unique_ptr<HistoryStore> fresh_store(const std::string& database) {
  const std::string base = server_url();
  if (base.empty()) throw std::runtime_error("GPUPROBE_TEST_POSTGRES_URL is not set");
  // The script made databases h1 and h2: one per test, so each starts empty.
  return open_history_store(base + database);
}

}  // namespace

TEST(PostgresHistory, SavesListsTrendsAndExports) {
  auto store = fresh_store("h1");
  EXPECT_EQ(store->describe().find("s3cret"), std::string::npos) << store->describe();
  test::check_save_list_trend_export(*store);
  EXPECT_EQ(fresh_store("h1")->list_runs(0).size(), 2u);  // reopened: the schema is kept
}

TEST(PostgresHistory, FleetOfHostsNamesTheSlowHostOnly) {
  auto store = fresh_store("h2");
  test::check_fleet_outliers(*store);
}

TEST(PostgresHistory, WrongPasswordIsRefusedByName) {
  std::string url = server_url() + "h1";
  url.replace(url.find("s3cret"), 6, "wrong");
  try {
    open_history_store(url);
    FAIL() << "connected with a wrong password";
  } catch (const HistoryError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("password authentication failed"), std::string::npos) << what;
    EXPECT_EQ(what.find("wrong"), std::string::npos) << what;  // the password is not shown
    EXPECT_NE(what.find("***@127.0.0.1"), std::string::npos) << what;
  }
}
