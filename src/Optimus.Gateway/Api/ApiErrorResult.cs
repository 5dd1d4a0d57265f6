namespace Optimus.Gateway.Api;

/// <summary>An <see cref="ApiError"/> as an endpoint result, so handlers can return errors and TypedResults alike.</summary>
internal sealed class ApiErrorResult(ApiError error) : IResult
{
    public ApiError Error => error;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return error.WriteAsync(httpContext.Response);
    }
}
