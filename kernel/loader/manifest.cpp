#include "kernel/loader/manifest.hpp"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <utility>

namespace nucleus::loader {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kExample =
    "a manifest looks like {\"libraries\": [{\"file\": \"/path/libx.so\", \"modules\": "
    "[{\"name\": \"org_x\", \"parameters\": [{\"key\": \"k\", \"value\": \"v\"}]}]}]}";

// Walks the JSON document, collecting the first error with its location
// ("libraries[0].modules[1]") so that each step reads as a plain check.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  Error fail(const std::string& reason) const
  {
    return Error("Failed to parse module manifest " + source_ + ": " + reason);
  }

  Try<Nothing> expectObject(const Json& value, const std::string& where) const
  {
    if (value.is_object()) return Nothing{};
    return fail(subject(where) + " must be a JSON object, not " + value.type_name() + "; " +
                std::string(kExample));
  }

  Try<Nothing> onlyFields(const Json& object, const std::string& where,
                          std::initializer_list<std::string_view> fields) const
  {
    for (const auto& [key, value] : object.items()) {
      if (std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
      std::string accepted;
      for (std::string_view field : fields) {
        accepted += (accepted.empty() ? "\"" : ", \"") + std::string(field) + "\"";
      }
      return fail(subject(where) + " has an unknown field \"" + key + "\"; it accepts " + accepted);
    }
    return Nothing{};
  }

  // An optional string field: "" when absent, an error when not a string.
  Try<std::string> optionalString(const Json& object, const std::string& where,
                                  const char* field) const
  {
    auto found = object.find(field);
    if (found == object.end()) return std::string();
    if (!found->is_string()) {
      return fail(member(where, field) + " must be a string, not " + found->type_name());
    }
    return found->get<std::string>();
  }

  Try<std::string> requiredString(const Json& object, const std::string& where, const char* field,
                                  const std::string& fix) const
  {
    Try<std::string> value = optionalString(object, where, field);
    if (!value) return value;
    if (value->empty()) return fail(where + " has no \"" + field + "\"; " + fix);
    return value;
  }

  // An optional array field: nullptr when absent.
  Try<const Json*> optionalArray(const Json& object, const std::string& where,
                                 const char* field) const
  {
    auto found = object.find(field);
    if (found == object.end()) return static_cast<const Json*>(nullptr);
    if (!found->is_array()) {
      return fail(member(where, field) + " must be an array, not " + found->type_name());
    }
    return &*found;
  }

 private:
  // `where` is "" for the top level, else a path such as "libraries[0].modules[1]".
  static std::string subject(const std::string& where)
  {
    return where.empty() ? "the manifest" : where;
  }
  static std::string member(const std::string& where, const char* field)
  {
    return where.empty() ? std::string("\"") + field + "\"" : where + "." + field;
  }

  std::string source_;
};

Try<module::Parameter> readParameter(const Reader& reader, const Json& json,
                                     const std::string& where)
{
  if (Try<Nothing> ok = reader.expectObject(json, where); !ok) return ok.error();
  if (Try<Nothing> ok = reader.onlyFields(json, where, {"key", "value"}); !ok) return ok.error();
  Try<std::string> key =
      reader.requiredString(json, where, "key", "a parameter is {\"key\": ..., \"value\": ...}");
  if (!key) return key.error();
  if (!json.contains("value")) {
    return reader.fail(where + " has no \"value\"; a parameter is {\"key\": \"" + *key +
                       "\", \"value\": ...}");
  }
  Try<std::string> value = reader.optionalString(json, where, "value");
  if (!value) return value.error();
  return module::Parameter{*key, *value};
}

Try<ManifestModule> readModule(const Reader& reader, const Json& json, const std::string& where)
{
  if (Try<Nothing> ok = reader.expectObject(json, where); !ok) return ok.error();
  if (Try<Nothing> ok = reader.onlyFields(json, where, {"name", "parameters"}); !ok) {
    return ok.error();
  }
  Try<std::string> name =
      reader.requiredString(json, where, "name",
                            "give the module's name as its library exports it, e.g. {\"name\": "
                            "\"org_nucleus_http_hello\"}");
  if (!name) return name.error();

  Try<const Json*> parameters = reader.optionalArray(json, where, "parameters");
  if (!parameters) return parameters.error();
  std::vector<module::Parameter> entries;
  if (*parameters != nullptr) {
    for (std::size_t i = 0; i < (*parameters)->size(); ++i) {
      Try<module::Parameter> parameter = readParameter(
          reader, (**parameters)[i], where + ".parameters[" + std::to_string(i) + "]");
      if (!parameter) return parameter.error();
      entries.push_back(std::move(*parameter));
    }
  }
  return ManifestModule{*name, module::Parameters(std::move(entries))};
}

Try<ManifestLibrary> readLibrary(const Reader& reader, const Json& json, const std::string& where)
{
  if (Try<Nothing> ok = reader.expectObject(json, where); !ok) return ok.error();
  if (Try<Nothing> ok = reader.onlyFields(json, where, {"file", "name", "modules"}); !ok) {
    return ok.error();
  }
  ManifestLibrary library;
  Try<std::string> file = reader.optionalString(json, where, "file");
  if (!file) return file.error();
  Try<std::string> name = reader.optionalString(json, where, "name");
  if (!name) return name.error();
  if (file->empty() && name->empty()) {
    return reader.fail(where +
                       " has neither \"file\" nor \"name\"; give the library's path as \"file\" "
                       "or its name as \"name\" (\"name\": \"x\" loads libx.so)");
  }
  library.file = std::move(*file);
  library.name = std::move(*name);

  Try<const Json*> modules = reader.optionalArray(json, where, "modules");
  if (!modules) return modules.error();
  if (*modules != nullptr) {
    for (std::size_t i = 0; i < (*modules)->size(); ++i) {
      Try<ManifestModule> module =
          readModule(reader, (**modules)[i], where + ".modules[" + std::to_string(i) + "]");
      if (!module) return module.error();
      library.modules.push_back(std::move(*module));
    }
  }
  return library;
}

// nlohmann reports "[json.exception.parse_error.101] parse error at line 3,
// column 3: <what>"; keep <what> and compute the position from the byte offset.
Error malformed(const Reader& reader, std::string_view text, const Json::parse_error& e)
{
  std::size_t index = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
  std::string_view before = text.substr(0, index);
  std::size_t line = 1 + std::count(before.begin(), before.end(), '\n');
  std::size_t lastNewline = before.rfind('\n');
  std::size_t column = lastNewline == std::string_view::npos ? index + 1 : index - lastNewline;

  std::string what = e.what();
  std::size_t columnAt = what.find("column ");
  std::size_t colon = columnAt == std::string::npos ? std::string::npos : what.find(": ", columnAt);
  std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  return reader.fail("malformed JSON at line " + std::to_string(line) + ", column " +
                     std::to_string(column) + " (byte " + std::to_string(e.byte) + "): " + detail +
                     "; fix the JSON syntax");
}

}  // namespace

std::string fileSource(std::string_view path)
{
  return "'" + std::string(path) + "'";
}

Try<Manifest> parseManifest(std::string_view text, std::string source)
{
  Reader reader(source);
  Json json;
  try {
    json = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return malformed(reader, text, e);
  } catch (const std::exception& e) {
    return reader.fail(std::string("malformed JSON: ") + e.what() + "; fix the JSON syntax");
  }

  if (Try<Nothing> ok = reader.expectObject(json, ""); !ok) return ok.error();
  if (Try<Nothing> ok = reader.onlyFields(json, "", {"libraries"}); !ok) {
    return ok.error();
  }
  Try<const Json*> libraries = reader.optionalArray(json, "", "libraries");
  if (!libraries) return libraries.error();
  if (*libraries == nullptr) {
    return reader.fail("it has no \"libraries\" array; " + std::string(kExample));
  }

  Manifest manifest;
  manifest.source = std::move(source);
  for (std::size_t i = 0; i < (*libraries)->size(); ++i) {
    Try<ManifestLibrary> library =
        readLibrary(reader, (**libraries)[i], "libraries[" + std::to_string(i) + "]");
    if (!library) return library.error();
    manifest.libraries.push_back(std::move(*library));
  }
  return manifest;
}

}  // namespace nucleus::loader
