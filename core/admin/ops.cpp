#include "core/admin/ops.hpp"

namespace tokenrouter::admin {

namespace {

std::vector<OpSpec> collect_ops()
{
  std::vector<OpSpec> ops;
  for (auto area : {key_ops, user_ops, plan_ops, status_ops, quota_ops, pricing_ops, usage_ops,
                    cache_ops, routing_ops}) {
    for (auto& op : area()) {
      ops.push_back(std::move(op));
    }
  }
  return ops;
}

} // namespace

const std::vector<OpSpec>& all_ops()
{
  static const std::vector<OpSpec> k_ops = collect_ops();
  return k_ops;
}

Result<Json> execute(AdminContext& context, std::string_view name, const Json& args)
{
  if (!args.is_object()) {
    return fail(ErrorCode::invalid_request, "arguments must be a JSON object");
  }
  for (const auto& op : all_ops()) {
    if (op.name == name) {
      return op.handler(context, args);
    }
  }
  return fail(ErrorCode::not_found, "unknown admin operation " + std::string(name));
}

Result<std::string> required_string(const Json& args, std::string_view field)
{
  const auto it = args.find(field);
  if (it == args.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return fail(ErrorCode::invalid_request, std::string(field) + ": a non-empty string is required");
  }
  return it->get<std::string>();
}

std::string optional_string(const Json& args, std::string_view field, std::string fallback)
{
  const auto it = args.find(field);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::move(fallback);
}

Result<std::optional<int64_t>> optional_int(const Json& args, std::string_view field)
{
  const auto it = args.find(field);
  if (it == args.end() || it->is_null()) {
    return std::optional<int64_t>{};
  }
  if (!it->is_number_integer()) {
    return fail(ErrorCode::invalid_request, std::string(field) + ": an integer is required");
  }
  return std::optional<int64_t>{it->get<int64_t>()};
}

} // namespace tokenrouter::admin
