using Optimus.Core.Billing;

namespace Optimus.Core.Tests.Billing;

public sealed class PayoutRatesTests
{
    private const long Dollar = 1_000_000_000;
    private static readonly PayoutRates Rates = PayoutRates.Default;

    [Fact]
    public void Default_Rates()
    {
        Assert.Equal(99 * Dollar, Rates.FsdMonthNanoDollars);
        Assert.Equal(400_000_000, Rates.SuperchargingNanoDollarsPerKWh);
        Assert.Equal(Dollar, Rates.RobotaxiCreditNanoDollars);
        Assert.Equal(Dollar, Rates.CashMinimumNanoDollars);
        Assert.Equal(10_000_000, PayoutRates.NanoDollarsPerCent);
    }

    [Theory]
    [InlineData(PayoutForm.Cash)]
    [InlineData(PayoutForm.FsdMonths)]
    [InlineData(PayoutForm.SuperchargingKWh)]
    [InlineData(PayoutForm.RobotaxiCredits)]
    public void Quote_Zero_PaysNothing(PayoutForm form)
    {
        Assert.Equal(new PayoutQuote(form, 0, 0, 0), Rates.Quote(form, 0));
    }

    [Theory]
    [InlineData(PayoutForm.FsdMonths, 99_000_000_000L)]
    [InlineData(PayoutForm.SuperchargingKWh, 400_000_000L)]
    [InlineData(PayoutForm.RobotaxiCredits, 1_000_000_000L)]
    public void Quote_JustBelowOneUnit_PaysNothing_JustAtOneUnit_PaysOne(PayoutForm form, long unit)
    {
        Assert.Equal(new PayoutQuote(form, 0, 0, unit - 1), Rates.Quote(form, unit - 1));
        Assert.Equal(new PayoutQuote(form, 1, unit, 0), Rates.Quote(form, unit));
        Assert.Equal(new PayoutQuote(form, 1, unit, unit - 1), Rates.Quote(form, 2 * unit - 1));
    }

    [Fact]
    public void Quote_Cash_PaysWholeCents()
    {
        // $12.345678901 → 1,234 cents, $0.005678901 stays.
        Assert.Equal(new PayoutQuote(PayoutForm.Cash, 1_234, 12_340_000_000, 5_678_901), Rates.Quote(PayoutForm.Cash, 12_345_678_901));
    }

    [Fact]
    public void Quote_Cash_BelowTheMinimum_PaysNothing()
    {
        Assert.Equal(new PayoutQuote(PayoutForm.Cash, 0, 0, Dollar - 1), Rates.Quote(PayoutForm.Cash, Dollar - 1));
        Assert.Equal(new PayoutQuote(PayoutForm.Cash, 100, Dollar, 0), Rates.Quote(PayoutForm.Cash, Dollar));
        Assert.Equal(new PayoutQuote(PayoutForm.Cash, 100, Dollar, 9_999_999), Rates.Quote(PayoutForm.Cash, Dollar + 9_999_999));
    }

    [Fact]
    public void Quote_Cash_MinimumIsJudgedOnTheWholeCentsPaid()
    {
        // A minimum that is not a whole number of cents: $1.005. $1.009 pays 100 cents = $1.00 < minimum → nothing.
        var rates = Rates with { CashMinimumNanoDollars = 1_005_000_000 };
        Assert.Equal(0, rates.Quote(PayoutForm.Cash, 1_009_000_000).Units);
        Assert.Equal(101, rates.Quote(PayoutForm.Cash, 1_010_000_000).Units);
        var noMinimum = Rates with { CashMinimumNanoDollars = 0 };
        Assert.Equal(new PayoutQuote(PayoutForm.Cash, 1, 10_000_000, 1), noMinimum.Quote(PayoutForm.Cash, 10_000_001));
        Assert.Equal(new PayoutQuote(PayoutForm.Cash, 0, 0, 9_999_999), noMinimum.Quote(PayoutForm.Cash, 9_999_999));
    }

    [Fact]
    public void Quote_FsdMonths_PaysWholeMonthsOnly()
    {
        Assert.Equal(new PayoutQuote(PayoutForm.FsdMonths, 2, 198 * Dollar, 50 * Dollar), Rates.Quote(PayoutForm.FsdMonths, 248 * Dollar));
    }

    [Fact]
    public void Quote_Supercharging_PaysWholeKWh()
    {
        // $10.50 at $0.40/kWh: 26 kWh ($10.40), $0.10 stays.
        Assert.Equal(new PayoutQuote(PayoutForm.SuperchargingKWh, 26, 10_400_000_000, 100_000_000), Rates.Quote(PayoutForm.SuperchargingKWh, 10_500_000_000));
    }

    [Fact]
    public void Quote_Invariants_HoldOverRandomBalances()
    {
        var random = new Random(99);
        var forms = Enum.GetValues<PayoutForm>();
        for (var i = 0; i < 5_000; i++)
        {
            var form = forms[random.Next(forms.Length)];
            var available = i % 2 == 0 ? random.NextInt64(0, 1_000 * Dollar) : random.NextInt64(0, long.MaxValue);
            var quote = Rates.Quote(form, available);
            Assert.Equal(form, quote.Form);
            Assert.Equal(available, quote.AmountNanoDollars + quote.RemainderNanoDollars);
            Assert.True(quote.AmountNanoDollars >= 0 && quote.RemainderNanoDollars >= 0 && quote.Units >= 0);
            Assert.True(quote.AmountNanoDollars <= available);
        }
    }

    [Fact]
    public void Quote_RejectsBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rates.Quote(PayoutForm.Cash, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rates.Quote((PayoutForm)42, 1));
        Assert.Throws<InvalidOperationException>(() => (Rates with { FsdMonthNanoDollars = 0 }).Quote(PayoutForm.FsdMonths, 1));
        Assert.Throws<InvalidOperationException>(() => (Rates with { CashMinimumNanoDollars = -1 }).Quote(PayoutForm.Cash, 1));
    }
}
