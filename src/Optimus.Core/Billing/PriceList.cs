using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Optimus.Core.Economics;

namespace Optimus.Core.Billing;

/// <summary>
/// What customers pay per model, and how much less batch work pays. Charges are exact integer nanodollars computed with
/// 128-bit intermediates and rounded up once per request, so the platform never undercharges and the gateway, the ledger
/// posting and the simulator all arrive at the same number for the same request.
/// </summary>
/// <remarks>
/// Text form, one entry per line (blank lines and lines starting with <c>#</c> are ignored), prices in dollars per
/// million tokens:
/// <code>
/// optimus-edge input=0.05 output=0.2
/// batch-discount=50%
/// </code>
/// </remarks>
public sealed class PriceList
{
    /// <summary>Basis points in a whole (10,000 = 100%).</summary>
    public const int FullBasisPoints = 10_000;

    private const long TokensPerMillion = 1_000_000;
    private const string BatchDiscountKey = "batch-discount=";

    private readonly ModelPrice[] _models;
    private readonly Dictionary<string, ModelPrice> _byName;

    /// <summary>Creates a price list. Model names are matched exactly (ordinal) and must not contain whitespace.</summary>
    /// <param name="models">The priced models, in the order <see cref="ToString"/> writes them.</param>
    /// <param name="batchDiscountBasisPoints">How much less batch work pays: 5000 = half price; 0..10,000.</param>
    public PriceList(IEnumerable<ModelPrice> models, int batchDiscountBasisPoints)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentOutOfRangeException.ThrowIfNegative(batchDiscountBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchDiscountBasisPoints, FullBasisPoints);
        _models = [.. models];
        _byName = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var price in _models)
        {
            ArgumentNullException.ThrowIfNull(price, nameof(models));
            if (string.IsNullOrEmpty(price.Model) || price.Model.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Model name '{price.Model}' must be non-empty and contain no whitespace.", nameof(models));
            }

            if (price.InputNanoDollarsPerMillionTokens < 0 || price.OutputNanoDollarsPerMillionTokens < 0)
            {
                throw new ArgumentException($"Model '{price.Model}' has a negative price.", nameof(models));
            }

            if (!_byName.TryAdd(price.Model, price))
            {
                throw new ArgumentException($"Model '{price.Model}' is priced twice.", nameof(models));
            }
        }

        BatchDiscountBasisPoints = batchDiscountBasisPoints;
    }

    /// <summary>
    /// Today's prices: optimus-edge $0.05 / $0.20 per million input / output tokens, optimus-cloud $0.60 / $2.40, and
    /// optimus-auto priced like optimus-cloud (the router picks; each charge uses the model that actually answered, but
    /// the name is listed so a quote for it resolves). Batch pays 50% less.
    /// </summary>
    public static PriceList Default { get; } = new(
        [
            new ModelPrice("optimus-edge", 50_000_000, 200_000_000),
            new ModelPrice("optimus-cloud", 600_000_000, 2_400_000_000),
            new ModelPrice("optimus-auto", 600_000_000, 2_400_000_000),
        ],
        5_000);

    /// <summary>The priced models in declaration order.</summary>
    public IReadOnlyList<ModelPrice> Models => _models;

    /// <summary>How much less batch work pays, in basis points (5000 = 50% off).</summary>
    public int BatchDiscountBasisPoints { get; }

    /// <summary>Looks up <paramref name="model"/>'s price (exact, case-sensitive match).</summary>
    public bool TryGet(string model, [MaybeNullWhen(false)] out ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _byName.TryGetValue(model, out price);
    }

    /// <summary>
    /// What one request costs: prompt and completion tokens at the model's prices, less the batch discount for
    /// <see cref="BillingTier.Batch"/>, rounded up to the whole nanodollar once, on the exact total.
    /// </summary>
    /// <exception cref="KeyNotFoundException"><paramref name="model"/> is not priced.</exception>
    /// <exception cref="OverflowException">The charge does not fit a <see cref="long"/> (over $9.2 billion).</exception>
    public long Charge(string model, BillingTier tier, long promptTokens, long completionTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        var price = Get(model);

        // Nanodollars × 1e6; each product is below 2^126, so the sum fits.
        var total = (Int128)promptTokens * price.InputNanoDollarsPerMillionTokens
            + (Int128)completionTokens * price.OutputNanoDollarsPerMillionTokens;

        Int128 charge;
        switch (tier)
        {
            case BillingTier.Interactive:
                charge = CeilingDivide(total, TokensPerMillion);
                break;
            case BillingTier.Batch:
                // ceil(total × payable / (1e6 × 1e4)), split into quotient and remainder so the product cannot overflow.
                Int128 payable = FullBasisPoints - BatchDiscountBasisPoints;
                const long divisor = TokensPerMillion * FullBasisPoints;
                var (quotient, remainder) = Int128.DivRem(total, divisor);
                charge = quotient * payable + CeilingDivide(remainder * payable, divisor);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown billing tier.");
        }

        return checked((long)charge);
    }

    /// <summary>
    /// The most a request can cost: the charge of its prompt-token and completion-token bounds (charges only grow with
    /// tokens). This is what to hold against a customer's balance before the request runs.
    /// </summary>
    public long MaxCharge(string model, BillingTier tier, long maxPromptTokens, long maxCompletionTokens) =>
        Charge(model, tier, maxPromptTokens, maxCompletionTokens);

    /// <summary>Reads the text form (see the type's remarks). A missing <c>batch-discount</c> line means no discount.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names its line number.</exception>
    public static PriceList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var models = new List<ModelPrice>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? discount = null;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith(BatchDiscountKey, StringComparison.Ordinal))
            {
                if (discount is not null)
                {
                    throw LineError(lineNumber, "batch-discount is given twice.");
                }

                if (!DollarText.TryParsePercentBasisPoints(line[BatchDiscountKey.Length..], out var basisPoints))
                {
                    throw LineError(lineNumber, $"'{line}' is not a discount between 0% and 100% in steps of 0.01%, e.g. batch-discount=50%.");
                }

                discount = basisPoints;
                continue;
            }

            var model = ParseModelLine(line, lineNumber);
            if (!seen.Add(model.Model))
            {
                throw LineError(lineNumber, $"model '{model.Model}' is priced twice.");
            }

            models.Add(model);
        }

        return new PriceList(models, discount ?? 0);
    }

    /// <summary>The text form, one model per line then the batch discount; <see cref="Parse"/> reads it back unchanged.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var model in _models)
        {
            text.Append(model.Model)
                .Append(" input=").Append(DollarText.FormatNanoDollars(model.InputNanoDollarsPerMillionTokens))
                .Append(" output=").Append(DollarText.FormatNanoDollars(model.OutputNanoDollarsPerMillionTokens))
                .Append('\n');
        }

        return text.Append(BatchDiscountKey).Append(DollarText.FormatPercent(BatchDiscountBasisPoints)).Append('\n').ToString();
    }

    private ModelPrice Get(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_byName.TryGetValue(model, out var price))
        {
            return price;
        }

        var known = _models.Length == 0 ? "none" : string.Join(", ", _models.Select(m => m.Model));
        throw new KeyNotFoundException($"No price for model '{model}'. Priced models: {known}.");
    }

    private static Int128 CeilingDivide(Int128 dividend, Int128 divisor)
    {
        var (quotient, remainder) = Int128.DivRem(dividend, divisor);
        return remainder > 0 ? quotient + 1 : quotient;
    }

    private static ModelPrice ParseModelLine(string line, int lineNumber)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 3)
        {
            throw LineError(lineNumber, $"expected 'MODEL input=DOLLARS output=DOLLARS' or 'batch-discount=PERCENT', got '{line}'.");
        }

        long? input = null;
        long? output = null;
        foreach (var field in fields.AsSpan(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? field : field[..equals];
            if (key is not ("input" or "output"))
            {
                throw LineError(lineNumber, $"unknown field '{field}'; expected input=DOLLARS and output=DOLLARS (per million tokens).");
            }

            if ((key == "input" ? input : output) is not null)
            {
                throw LineError(lineNumber, $"'{key}' is given twice.");
            }

            var value = field[(equals + 1)..];
            if (equals < 0 || !DollarText.TryParseNanoDollars(value, out var nanoDollars))
            {
                throw LineError(lineNumber, $"'{field}' is not a non-negative dollar amount with at most 9 decimals, e.g. {key}=0.05.");
            }

            if (key == "input")
            {
                input = nanoDollars;
            }
            else
            {
                output = nanoDollars;
            }
        }

        if (input is null || output is null)
        {
            throw LineError(lineNumber, $"model '{fields[0]}' needs both input= and output= prices.");
        }

        return new ModelPrice(fields[0], input.Value, output.Value);
    }

    private static FormatException LineError(int lineNumber, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Price list line {lineNumber}: {message}"));
}
