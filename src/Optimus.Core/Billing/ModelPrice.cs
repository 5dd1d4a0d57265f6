namespace Optimus.Core.Billing;

/// <summary>What one model costs a customer, in nanodollars per million tokens read (prompt) and written (completion).</summary>
/// <param name="Model">The model's name as the API spells it, e.g. <c>optimus-edge</c>.</param>
/// <param name="InputNanoDollarsPerMillionTokens">Price of a million prompt tokens ($0.05 = 50,000,000).</param>
/// <param name="OutputNanoDollarsPerMillionTokens">Price of a million completion tokens.</param>
public sealed record ModelPrice(string Model, long InputNanoDollarsPerMillionTokens, long OutputNanoDollarsPerMillionTokens);
