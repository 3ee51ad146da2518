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
#include "json_text.hpp"

namespace crossmem::results {

namespace {

using nlohmann::json;

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

std::string as_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// The part of a nlohmann exception message after "[json.exception.xxx.nnn] ".
std::string plain_message(const std::exception& e) {
  std::string what = e.what();
  if (!what.empty() && what[0] == '[') {
    std::size_t close = what.find("] ");
    if (close != std::string::npos) return what.substr(close + 2);
  }
  return what;
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

// The context value of `key`, which must be a JSON array; errors name the file and the key.
json context_array(const std::string& text, const std::string& file, const std::string& key) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InvalidInput(file + ": context key " + key + " is not JSON: " + plain_message(e));
  }
  if (!doc.is_array()) throw InvalidInput(file + ": context key " + key + " is not a JSON array");
  return doc;
}

std::vector<StrategyInfo> parse_strategies(const std::string& text, const std::string& file) {
  auto fail = [&file](const std::string& what) -> InvalidInput {
    return InvalidInput(file + ": context key crossmem.strategies " + what);
  };
  json doc = context_array(text, file, "crossmem.strategies");
  std::vector<StrategyInfo> out;
  for (const json& item : doc) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) {
      throw fail("has an entry without a string \"name\"");
    }
    StrategyInfo info;
    info.name = item["name"].get<std::string>();
    if (item.contains("available")) {
      if (!item["available"].is_boolean())
        throw fail("entry " + info.name + ": \"available\" is not a boolean");
      info.available = item["available"].get<bool>();
    }
    if (item.contains("reason") && !item["reason"].is_null()) info.reason = as_text(item["reason"]);
    if (item.contains("remedy") && !item["remedy"].is_null()) info.remedy = as_text(item["remedy"]);
    if (item.contains("tunables") && !item["tunables"].is_null()) {
      if (!item["tunables"].is_object())
        throw fail("entry " + info.name + ": \"tunables\" is not an object");
      for (const auto& [key, value] : item["tunables"].items()) info.tunables[key] = as_text(value);
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<RegimeInfo> parse_regimes(const std::string& text, const std::string& file) {
  auto fail = [&file](const std::string& what) -> InvalidInput {
    return InvalidInput(file + ": context key crossmem.regimes " + what);
  };
  json doc = context_array(text, file, "crossmem.regimes");
  std::vector<RegimeInfo> out;
  for (const json& item : doc) {
    if (!item.is_object() || !item.contains("regime_ns") || !item["regime_ns"].is_number()) {
      throw fail("has an entry without a numeric \"regime_ns\"");
    }
    RegimeInfo info;
    info.regime_ns = item["regime_ns"].get<double>();
    if (item.contains("share")) {
      if (!item["share"].is_number()) throw fail("entry: \"share\" is not a number");
      info.share = item["share"].get<double>();
    }
    if (item.contains("repetitions")) {
      if (!item["repetitions"].is_number()) throw fail("entry: \"repetitions\" is not a number");
      double n = item["repetitions"].get<double>();
      info.repetitions = n > 0 ? static_cast<std::uint64_t>(n) : 0;
    }
    out.push_back(info);
  }
  return out;
}

Source read_context(const json& context, const std::filesystem::path& path) {
  const std::string file = path.string();
  Source source;
  source.path = path;
  for (const auto& [key, value] : context.items()) {
    std::string text = as_text(value);
    source.context[key] = text;
    if (key.starts_with("crossmem.")) source.crossmem[key.substr(9)] = text;
  }
  if (auto it = source.context.find("host_name"); it != source.context.end())
    source.host = it->second;
  if (auto it = source.context.find("date"); it != source.context.end()) source.date = it->second;
  if (auto it = source.crossmem.find("strategies"); it != source.crossmem.end()) {
    source.strategies = parse_strategies(it->second, file);
  }
  if (auto it = source.crossmem.find("regimes"); it != source.crossmem.end()) {
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

std::string Source::get(const std::string& key) const {
  auto it = crossmem.find(key);
  return it == crossmem.end() ? std::string() : it->second;
}

double Measurement::counter(const std::string& name) const {
  auto it = counters.find(name);
  return it == counters.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

double Measurement::regime() const {
  double unstable = counter("unstable");
  if (std::isfinite(unstable) && unstable != 0) return kUnstableRegime;
  double r = counter("regime_ns");
  return std::isfinite(r) && r > 0 ? r : kUnknownRegime;
}

void parse_error_message(const std::string& message, Skip& skip) {
  skip.message = message;
  const std::string prefix = "unsupported: ";
  const std::string marker = " [remedy: ";
  if (!message.starts_with(prefix)) {
    skip.unsupported = false;
    skip.reason = message;
    skip.remedy.clear();
    return;
  }
  skip.unsupported = true;
  std::string rest = message.substr(prefix.size());
  std::size_t at = rest.rfind(marker);
  if (at != std::string::npos && rest.ends_with("]")) {
    skip.reason = rest.substr(0, at);
    skip.remedy = rest.substr(at + marker.size(), rest.size() - at - marker.size() - 1);
  } else {
    skip.reason = rest;
    skip.remedy.clear();
  }
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
  std::size_t position = 0;
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
    if (run_type == "aggregate") continue;
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
    for (const char* required : kRequiredCounters) {
      // Results with regime fields replace `preempted` by `preempt_excess`.
      const char* counter = std::string_view(required) == "preempted" &&
                                    !entry.contains(required) && entry.contains("preempt_excess")
                                ? "preempt_excess"
                                : required;
      if (!entry.contains(counter)) throw fail(std::string("missing counter \"") + counter + "\"");
      if (!entry[counter].is_number() && !entry[counter].is_null()) {
        throw fail(std::string("counter \"") + counter + "\" is not a number");
      }
    }
    double size = m.counter("size_bytes");
    if (std::isfinite(size) && size != static_cast<double>(m.axes.size_bytes)) {
      char shown[64];
      std::snprintf(shown, sizeof shown, "%.17g", size);
      throw fail(std::string("counter size_bytes (") + shown +
                 ") disagrees with the name's size:" + std::to_string(m.axes.size_bytes));
    }
    measurements.push_back(std::move(m));
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
