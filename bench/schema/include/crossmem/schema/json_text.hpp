// Small helpers for reading the JSON the schema describes.
#pragma once

#include <exception>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace crossmem::schema {

// A string value as it is; any other value as compact JSON text.
std::string as_text(const nlohmann::json& value);

// The part of a nlohmann-json exception message after "[json.exception.xxx.nnn] ".
std::string plain_message(const std::exception& e);

// `text` parsed as JSON; throws ParseError "is not JSON: <what is wrong>".
nlohmann::json parse_json(const std::string& text);

}  // namespace crossmem::schema
