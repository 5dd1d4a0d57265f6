using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Tests.Accounts;

/// <summary>Tokens per minute charged when a request ends: what the bucket cannot cover is owed, and blocks until paid.</summary>
public sealed class TokenBudgetTests
{
    [Fact]
    public void Charge_MoreThanTheBucketHolds_RefusesUntilTheDebtIsPaid()
    {
        using var budget = new TokenBudget(perMinute: 600);
        Assert.True(budget.TryAdmit(out _));

        budget.Charge(1000); // 600 from the bucket, 400 owed

        Assert.False(budget.TryAdmit(out var retryAfter));
        Assert.InRange(budget.Debt, 1, 400);
        // 400 tokens at 600 a minute: about 40 s (less whatever refilled while the test ran).
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(41));
    }

    [Fact]
    public void Charge_WithinTheBucket_StillAdmits()
    {
        using var budget = new TokenBudget(perMinute: 600);

        budget.Charge(100);

        Assert.True(budget.TryAdmit(out _));
        Assert.Equal(0, budget.Debt);
    }
}
