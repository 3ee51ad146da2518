// crossmem-report: turns crossmem-bench JSON files into a report directory.
// Exit status: 0 done, 2 invalid input or usage (one line on stderr, nothing written),
// 1 failure while writing (nothing left behind).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "compare.hpp"
#include "crossmem/error.hpp"
#include "crossmem/schema/fields.hpp"
#include "report.hpp"

namespace {

// Runs `work` and turns its outcome into the exit status: 0, 2 for invalid input, 1 otherwise,
// with one line on stderr.
template <typename Work>
int exit_status(Work work) {
  try {
    work();
    return 0;
  } catch (const crossmem::InvalidInput& e) {
    std::fprintf(stderr, "crossmem-report: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crossmem-report: %s\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Reads crossmem-bench results (Google Benchmark JSON) and writes a report directory:\n"
      "index.html (self-contained), summary.md, measurements.tsv (one row per measurement) and\n"
      "plots/ (gnuplot scripts, data, PNG and SVG). Statistics come from the repetitions:\n"
      "median and p10/p90 (min/max below 5 repetitions). The output directory is written\n"
      "all at once; an existing one is replaced only if it is empty or an earlier report.\n"
      "Results, plots and crossovers are per host regime (regime_ns); a comparison never mixes\n"
      "two regimes.\n"
      "With --compare OLD.json NEW.json, prints a table comparing every case of the two runs\n"
      "within the same regime (Mann-Whitney U test) instead, and says when the runs saw\n"
      "different regimes.\n"
      "Exit status: 0 done, 2 invalid input or usage, 1 failure while writing.",
      "crossmem-report"};
  crossmem::report::ReportOptions options;
  std::string output, tuned, verify, reduce_anchor,
      format = "text", counter = crossmem::schema::field::bytes_per_second;
  std::vector<std::string> inputs, compare;
  app.add_option("-o,--output", output,
                 "output directory (default: report/ next to the first input)")
      ->type_name("DIR");
  app.add_option(
         "--tuned", tuned,
         "tuned settings to show: {\"settings\":[{\"stack\",\"name\",\"value\",\"reason\"}]}"
         " (default: tuned.json already in the output directory, if any)")
      ->type_name("FILE");
  app.add_option(
         "--verify", verify,
         "Open MPI verification to show: {\"rows\":[{\"size\",\"config\",\"bandwidth_Bps\","
         "\"latency_us\"}],\"efficiency\":[{\"size\",\"efficiency\"}]} (default: verify.json "
         "already in the output directory, if any)")
      ->type_name("FILE");
  app.add_option("--compare", compare,
                 "compare two runs instead of writing a report: every case of OLD.json against "
                 "the same case of NEW.json in the same host regime")
      ->expected(2)
      ->type_name("OLD.json NEW.json");
  app.add_option("--format", format, "--compare output: text or md (Markdown)")
      ->check(CLI::IsMember({"text", "md"}))
      ->capture_default_str();
  app.add_option("--counter", counter, "--compare: the counter compared")->capture_default_str();
  app.add_option("--reduce-anchor", reduce_anchor,
                 "Open MPI's MPI_Reduce to show beside the reduce workload (crossmem-tune "
                 "--reduce-anchor's reduce_anchor.json; default: reduce_anchor.json already in "
                 "the output directory, if any)")
      ->type_name("FILE");
  app.add_option("FILE.json", inputs, "crossmem-bench JSON files (several runs or machines)")
      ->type_name("");

  try {
    app.parse(argc, argv);
    if (compare.empty() && inputs.empty()) throw CLI::ValidationError("FILE.json is required");
    if (!compare.empty() && (!inputs.empty() || !output.empty() || !tuned.empty() ||
                             !verify.empty() || !reduce_anchor.empty())) {
      throw CLI::ValidationError("--compare takes exactly OLD.json NEW.json and no other files");
    }
    if (compare.empty() && (app.count("--format") || app.count("--counter"))) {
      throw CLI::ValidationError("--format and --counter need --compare");
    }
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "crossmem-report: %s (see --help)\n", e.what());
    return 2;
  }

  if (!compare.empty()) {
    return exit_status([&] {
      crossmem::report::CompareOptions compare_options;
      compare_options.counter = counter;
      auto c = crossmem::report::compare_files(compare[0], compare[1], compare_options);
      std::string text = format == "md" ? crossmem::report::render_compare_markdown(c)
                                        : crossmem::report::render_compare_text(c);
      std::fwrite(text.data(), 1, text.size(), stdout);
    });
  }

  for (const auto& in : inputs) options.inputs.emplace_back(in);
  options.output = output;
  if (!tuned.empty()) options.tuned = tuned;
  if (!verify.empty()) options.verify = verify;
  if (!reduce_anchor.empty()) options.reduce_anchor = reduce_anchor;
  return exit_status([&] {
    auto dir = crossmem::report::run_report(options);
    std::printf("%s\n", (dir / "index.html").c_str());
  });
}
