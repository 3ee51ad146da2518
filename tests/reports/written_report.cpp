#include "written_report.hpp"

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

}  // namespace crossmem::report::testing
