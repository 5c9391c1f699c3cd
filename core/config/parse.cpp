// Root of the config document: scalar sections through the key table, then [[providers]],
// then [[models]] (which refer to providers, wherever they appear in the file).

#include "core/config/parse.hpp"

#include "core/config/fields.hpp"
#include "core/config/keys.hpp"
#include "core/config/models.hpp"
#include "core/config/providers.hpp"

namespace tokenrouter::config {

namespace {

Status apply_section(Config& config, const Field& section, const std::string& source)
{
  const std::string where = "[" + section.key + "]";
  TKR_TRY(expect_table(section.value, where, source));
  for (const Field& field : section.value.fields) {
    const KeyInfo* info = find_key(section.key, field.key);
    if (info == nullptr) {
      return config_error(source,
                          field.value.line,
                          "unknown key " + where + "." + field.key
                              + did_you_mean_in(field.key, keys_of(section.key)));
    }
    if (auto status = info->set(config, field.value); !status) {
      return locate(status.error(), source, field.value.line, where + "." + field.key);
    }
  }
  return {};
}

Status unknown_top_level(const Field& field, const std::string& source)
{
  std::vector<std::string_view> names = key_sections();
  names.push_back("providers");
  names.push_back("models");
  const std::string what = field.value.type == Node::Type::table
                               ? "unknown table [" + field.key + "]"
                               : "unknown key " + field.key;
  return config_error(source, field.value.line, what + did_you_mean_in(field.key, names));
}

bool is_section(std::string_view name)
{
  for (std::string_view section : key_sections()) {
    if (section == name) {
      return true;
    }
  }
  return false;
}

} // namespace

Result<Config> config_from_node(const Node& root, const std::string& source)
{
  Config config;
  config.source = source;
  const Node* models = nullptr;
  for (const Field& field : root.fields) {
    if (field.key == "providers") {
      TKR_TRY_ASSIGN(config.providers, parse_providers(field.value, source));
    } else if (field.key == "models") {
      models = &field.value;
    } else if (is_section(field.key)) {
      TKR_TRY(apply_section(config, field, source));
    } else {
      TKR_TRY(unknown_top_level(field, source));
    }
  }
  if (models != nullptr) {
    TKR_TRY_ASSIGN(config.models, parse_models(*models, source, config.providers));
  }
  return config;
}

} // namespace tokenrouter::config
