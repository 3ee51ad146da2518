#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <tuple>

#include "crossmem/error.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/schema/context.hpp"
#include "crossmem/schema/error.hpp"
#include "crossmem/schema/json_text.hpp"
#include "crossmem/schema/skip.hpp"
#include "json_text.hpp"

namespace crossmem::results {

namespace {

using nlohmann::json;
using schema::as_text;
using schema::plain_message;

// Google Benchmark's own numeric fields on a benchmark entry; every other number is a counter.
const std::set<std::string>& gb_numeric_fields() {
  static const std::set<std::string> fields = {"family_index",
                                               "per_family_instance_index",
                                               "repetitions",
                                               "repetition_index",
                                               "threads",
                                               "iterations",
                                               "real_time",
                                               "cpu_time",
                                               "rms",
                                               "big_o",
                                               "allocs_per_iter",
                                               "max_bytes_used",
                                               "total_allocated_bytes",
                                               "net_heap_growth"};
  return fields;
}

json parse_document(const std::string& text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InvalidInput(file + ": empty file, expected Google Benchmark JSON");
  }
  std::string clean = detail::replace_nonfinite_tokens(text);
  try {
    return json::parse(clean);
  } catch (const json::parse_error& e) {
    std::string message = plain_message(e);
    if (e.byte >= clean.size() || message.find("unexpected end of input") != std::string::npos) {
      throw InvalidInput(file + ": truncated JSON: the input ends before the document is complete");
    }
    throw InvalidInput(file + ": not JSON: " + message);
  }
}

std::vector<StrategyInfo> parse_strategies(const std::string& text, const std::string& file) {
  try {
    return schema::parse_strategies(text);
  } catch (const schema::ParseError& e) {
    throw InvalidInput(file + ": context key " + schema::key::strategies + " " + e.what());
  }
}

int parse_schema(const std::string& text, const std::string& file) {
  int version = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size() || version < 1) {
    throw InvalidInput(file + ": context key " + schema::key::schema + " is not a version: \"" +
                       text + "\"");
  }
  if (version > schema::kVersion) {
    throw InvalidInput(file + ": written with result schema " + text + ", newer than schema " +
                       std::to_string(schema::kVersion) + " that this crossmem reads");
  }
  return version;
}

std::vector<RegimeInfo> parse_regimes(const std::string& text, const std::string& file) {
  try {
    return schema::parse_regimes(text);
  } catch (const schema::ParseError& e) {
    throw InvalidInput(file + ": context key " + schema::key::regimes + " " + e.what());
  }
}

Source read_context(const json& context, const std::filesystem::path& path) {
  const std::string file = path.string();
  Source source;
  source.path = path;
  for (const auto& [key, value] : context.items()) {
    std::string text = as_text(value);
    source.context[key] = text;
    if (key.starts_with(schema::kPrefix))
      source.crossmem[std::string(schema::short_key(key))] = text;
  }
  if (auto it = source.context.find("host_name"); it != source.context.end())
    source.host = it->second;
  if (auto it = source.context.find("date"); it != source.context.end()) source.date = it->second;
  if (auto it = source.context.find(schema::key::schema); it != source.context.end()) {
    source.schema = parse_schema(it->second, file);
  }
  if (auto it = source.context.find(schema::key::strategies); it != source.context.end()) {
    source.strategies = parse_strategies(it->second, file);
  }
  if (auto it = source.context.find(schema::key::regimes); it != source.context.end()) {
    source.regimes = parse_regimes(it->second, file);
  }
  std::string name = path.filename().string();
  source.label = source.host.empty() ? name : source.host + " (" + name + ")";
  return source;
}

std::uint64_t as_index(const json& entry, const char* key) {
  if (!entry.contains(key)) return 0;
  const json& v = entry[key];
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(v.get<std::int64_t>());
  }
  if (v.is_number_float() && v.get<double>() >= 0)
    return static_cast<std::uint64_t>(v.get<double>());
  return 0;
}

}  // namespace

std::string Source::get(std::string_view key) const {
  auto it = crossmem.find(std::string(schema::short_key(key)));
  return it == crossmem.end() ? std::string() : it->second;
}

double Measurement::counter(const std::string& name) const {
  auto it = counters.find(name);
  return it == counters.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

double Measurement::regime() const {
  double unstable = counter(schema::field::unstable);
  if (std::isfinite(unstable) && unstable != 0) return kUnstableRegime;
  double r = counter(schema::field::regime_ns);
  return std::isfinite(r) && r > 0 ? r : kUnknownRegime;
}

void parse_error_message(const std::string& message, Skip& skip) {
  schema::SkipText text = schema::decode_skip(message);
  skip.message = message;
  skip.unsupported = text.unsupported;
  skip.reason = std::move(text.reason);
  skip.remedy = std::move(text.remedy);
}

std::vector<std::string> strategy_order(const Results& results) {
  std::vector<std::string> order;
  auto add = [&order](const std::string& name) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  };
  for (const Source& source : results.sources) {
    for (const StrategyInfo& info : source.strategies) add(info.name);
  }
  for (const Measurement& m : results.measurements) add(m.axes.strategy);
  for (const Skip& s : results.skips) add(s.axes.strategy);
  return order;
}

const StrategyInfo* find_strategy(const Results& results, std::size_t source,
                                  const std::string& strategy) {
  if (source >= results.sources.size()) return nullptr;
  for (const StrategyInfo& info : results.sources[source].strategies) {
    if (info.name == strategy) return &info;
  }
  return nullptr;
}

void load_results_text(const std::string& text, const std::filesystem::path& path, Results& into) {
  const std::string file = path.string();
  json doc = parse_document(text, file);
  if (!doc.is_object()) {
    throw InvalidInput(file + ": not Google Benchmark output: the top level is not an object");
  }
  if (!doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    throw InvalidInput(file + ": not Google Benchmark output: no \"benchmarks\" array");
  }
  if (!doc.contains("context") || !doc["context"].is_object()) {
    throw InvalidInput(file + ": not Google Benchmark output: no \"context\" object");
  }

  const std::size_t source_index = into.sources.size();
  Source source = read_context(doc["context"], path);

  std::vector<Measurement> measurements;
  std::vector<Skip> skips;
  std::map<std::tuple<Axes, std::string>, std::size_t> skip_index;
  std::size_t position = 0, aggregates = 0;
  for (const json& entry : doc["benchmarks"]) {
    ++position;
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) {
      throw InvalidInput(file + ": not Google Benchmark output: benchmark #" +
                         std::to_string(position) + " has no \"name\"");
    }
    const std::string name = entry["name"].get<std::string>();
    auto fail = [&file, &name](const std::string& what) {
      return InvalidInput(file + ": benchmark \"" + name + "\": " + what);
    };
    std::string run_type = "iteration";
    if (entry.contains("run_type")) {
      if (!entry["run_type"].is_string()) throw fail("\"run_type\" is not a string");
      run_type = entry["run_type"].get<std::string>();
    }
    if (run_type == "aggregate") {
      ++aggregates;
      continue;
    }
    if (run_type != "iteration") throw fail("unknown run_type \"" + run_type + "\"");

    Axes axes;
    try {
      axes = parse_benchmark_name(name);
    } catch (const InvalidInput& e) {
      throw fail(std::string("not a crossmem benchmark name: ") + e.what());
    }

    if (entry.contains("error_occurred") && entry["error_occurred"].is_boolean() &&
        entry["error_occurred"].get<bool>()) {
      std::string message = entry.contains("error_message") ? as_text(entry["error_message"]) : "";
      auto key = std::make_tuple(axes, message);
      auto it = skip_index.find(key);
      if (it != skip_index.end()) {
        ++skips[it->second].count;
        continue;
      }
      Skip skip;
      skip.source = source_index;
      skip.axes = axes;
      skip.count = 1;
      parse_error_message(message, skip);
      skip_index.emplace(key, skips.size());
      skips.push_back(std::move(skip));
      continue;
    }

    Measurement m;
    m.source = source_index;
    m.axes = std::move(axes);
    m.repetition = as_index(entry, "repetition_index");
    m.iterations = as_index(entry, "iterations");
    for (const auto& [key, value] : entry.items()) {
      if (gb_numeric_fields().contains(key)) continue;
      if (value.is_number()) {
        double v = value.get<double>();
        if (std::isfinite(v)) m.counters[key] = v;
      } else if (value.is_null()) {
        m.counters.erase(key);
      }
    }
    auto require = [&entry, &fail](const char* counter) {
      if (!entry.contains(counter)) throw fail(std::string("missing counter \"") + counter + "\"");
      if (!entry[counter].is_number() && !entry[counter].is_null()) {
        throw fail(std::string("counter \"") + counter + "\" is not a number");
      }
    };
    if (source.schema >= 2) {
      for (const char* required : kRequiredCounters) require(required);
    } else {
      for (const char* required : schema::field::kRequiredV1) {
        // Results with regime fields but no schema version carry `preempt_excess` instead.
        const bool replaced = std::string_view(required) == schema::field::preempted_v1 &&
                              !entry.contains(required) &&
                              entry.contains(schema::field::preempt_excess);
        require(replaced ? schema::field::preempt_excess : required);
      }
    }
    double size = m.counter(schema::field::size_bytes);
    if (std::isfinite(size) && size != static_cast<double>(m.axes.size_bytes)) {
      char shown[64];
      std::snprintf(shown, sizeof shown, "%.17g", size);
      throw fail(std::string("counter size_bytes (") + shown +
                 ") disagrees with the name's size:" + std::to_string(m.axes.size_bytes));
    }
    measurements.push_back(std::move(m));
  }
  if (aggregates > 0 && measurements.empty() && skips.empty()) {
    // Google Benchmark's --benchmark_report_aggregates_only: the statistics mix regimes and the
    // rounds the comparisons pair are gone.
    throw InvalidInput(file +
                       ": only aggregates, no repetition (written with "
                       "--benchmark_report_aggregates_only?); crossmem reads every repetition");
  }

  into.sources.push_back(std::move(source));
  for (auto& m : measurements) into.measurements.push_back(std::move(m));
  for (auto& s : skips) into.skips.push_back(std::move(s));
}

Results load_results(const std::vector<std::filesystem::path>& files) {
  Results results;
  for (const auto& file : files) load_results_text(read_text_file(file), file, results);
  return results;
}

}  // namespace crossmem::results
