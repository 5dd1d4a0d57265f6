using System.Text.Json.Nodes;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Api;

/// <summary>GET /v1/models and GET /v1/models/{id}.</summary>
internal static class ModelsApi
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Customer);
        group.MapGet("/v1/models", static (GatewayOptions options) => TypedResults.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(ModelCatalog.Served(options.Cloud.IsConfigured).Select(id => (JsonNode)Model(id)).ToArray()),
        }));
        group.MapGet("/v1/models/{id}", static async (string id, HttpContext context, GatewayOptions options) =>
        {
            var served = ModelCatalog.Served(options.Cloud.IsConfigured);
            if (served.Contains(id, StringComparer.Ordinal))
            {
                await TypedResults.Json(Model(id)).ExecuteAsync(context);
                return;
            }

            await ApiError.UnknownModel(id, served).WriteAsync(context.Response);
        });
        return group;
    }

    private static JsonObject Model(string id) => new()
    {
        ["id"] = id,
        ["object"] = "model",
        ["created"] = Created.ToUnixTimeSeconds(),
        ["owned_by"] = "optimus",
    };
}
