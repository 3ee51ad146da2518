#include "written_report.hpp"

#include <cstdlib>

namespace crossmem::report::testing {

ReportOptions report_options(const fs::path& dir, std::vector<std::string> inputs,
                             const std::string& tuned_json, const std::string& verify_json) {
  ReportOptions options;
  for (auto& input : inputs) options.inputs.emplace_back(std::move(input));
  options.output = dir / "report";
  if (!tuned_json.empty()) {
    options.tuned = dir / "tuned-in.json";
    write_file(*options.tuned, tuned_json);
  }
  if (!verify_json.empty()) {
    options.verify = dir / "verify-in.json";
    write_file(*options.verify, verify_json);
  }
  return options;
}

BrowserCheck check_browser() {
  BrowserCheck check;
  const char* no_browser = std::getenv("CROSSMEM_NO_BROWSER");
  check.skip = no_browser != nullptr && std::string(no_browser) == "1";
  if (!check.skip && std::system("command -v chromium >/dev/null 2>&1") != 0) {
    check.missing =
        "chromium is not installed: install it (apt-get install chromium; scripts/test installs "
        "it) or set CROSSMEM_NO_BROWSER=1 to skip this test";
  }
  return check;
}

}  // namespace crossmem::report::testing
