using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Billing;

/// <summary>
/// Prices requests and guards spend on the request path: before a request runs it reserves the most the request could
/// cost; the records it produces are priced as they are journalled; the reservation settles to the real charge.
/// Posting charges to the ledger happens later, off the request path (<see cref="BillingPoster"/>).
/// </summary>
internal sealed class Metering(PriceList prices, CustomerQuotas quotas, GatewayOptions options)
{
    public PriceList Prices => prices;

    public CustomerQuotas Quotas => quotas;

    /// <summary>
    /// Opens the bill of a request by <paramref name="caller"/> that may be answered by any of
    /// <paramref name="pricedModels"/>; reserves its most expensive outcome. A 429 when the key's spend limit or a
    /// prepaid balance cannot cover it.
    /// </summary>
    public async ValueTask<(RequestBill? Bill, ApiError? Error)> OpenAsync(
        Caller caller, InferenceRequest request, BillingTier tier, IReadOnlyList<string> pricedModels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Key is null)
        {
            return (new RequestBill(this, caller, tier, null), null); // the open local mode: nothing to guard
        }

        var promptBound = PromptTokenBound(request);
        var completionBound = request.MaxTokens > 0 ? request.MaxTokens : options.ReservedCompletionTokens;
        var max = pricedModels.Max(m => prices.MaxCharge(m, tier, promptBound, completionBound));
        var (reservation, error) = await quotas.ReserveAsync(caller, max, cancellationToken);
        return error is null ? (new RequestBill(this, caller, tier, reservation), null) : (null, error);
    }

    // No tokenizer produces more tokens than UTF-8 bytes; a chat template adds a few per message.
    private static long PromptTokenBound(InferenceRequest request)
    {
        const int PerMessage = 16;
        long bytes = System.Text.Encoding.UTF8.GetByteCount(request.Prompt ?? string.Empty) + PerMessage;
        foreach (var message in request.Messages ?? [])
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(message.Role) + System.Text.Encoding.UTF8.GetByteCount(message.Content) + PerMessage;
        }

        return bytes;
    }
}
