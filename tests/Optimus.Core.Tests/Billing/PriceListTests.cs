using Optimus.Core.Billing;

namespace Optimus.Core.Tests.Billing;

public sealed class PriceListTests
{
    [Fact]
    public void Default_PricesTheThreeModels()
    {
        var prices = PriceList.Default;
        Assert.True(prices.TryGet("optimus-edge", out var edge));
        Assert.Equal(new ModelPrice("optimus-edge", 50_000_000, 200_000_000), edge);
        Assert.True(prices.TryGet("optimus-cloud", out var cloud));
        Assert.Equal(new ModelPrice("optimus-cloud", 600_000_000, 2_400_000_000), cloud);
        Assert.True(prices.TryGet("optimus-auto", out var auto));
        Assert.Equal(cloud with { Model = "optimus-auto" }, auto);
        Assert.Equal(5_000, prices.BatchDiscountBasisPoints);
        Assert.False(prices.TryGet("Optimus-Edge", out _));
    }

    [Fact]
    public void Charge_Interactive_IsExactWhenItDividesEvenly()
    {
        // 300 completion tokens at $0.20 per million: 60,000 nanodollars.
        Assert.Equal(60_000, PriceList.Default.Charge("optimus-edge", BillingTier.Interactive, 0, 300));
        // 1,000 prompt at $0.60/M + 500 completion at $2.40/M = 600,000 + 1,200,000.
        Assert.Equal(1_800_000, PriceList.Default.Charge("optimus-cloud", BillingTier.Interactive, 1_000, 500));
    }

    [Fact]
    public void Charge_RoundsUpToTheWholeNanoDollar()
    {
        var prices = new PriceList([new ModelPrice("m", 1, 3)], 0);
        Assert.Equal(1, prices.Charge("m", BillingTier.Interactive, 1, 0));
        Assert.Equal(1, prices.Charge("m", BillingTier.Interactive, 999_999, 0));
        Assert.Equal(1, prices.Charge("m", BillingTier.Interactive, 1_000_000, 0));
        Assert.Equal(2, prices.Charge("m", BillingTier.Interactive, 1_000_001, 0));
        // The fractions are summed before rounding: 0.5 + 0.5 = 1, not 1 + 1.
        var halves = new PriceList([new ModelPrice("m", 500_000, 500_000)], 0);
        Assert.Equal(1, halves.Charge("m", BillingTier.Interactive, 1, 1));
    }

    [Fact]
    public void Charge_ZeroTokens_CostsNothing()
    {
        Assert.Equal(0, PriceList.Default.Charge("optimus-cloud", BillingTier.Interactive, 0, 0));
        Assert.Equal(0, PriceList.Default.Charge("optimus-cloud", BillingTier.Batch, 0, 0));
    }

    [Fact]
    public void Charge_Batch_AppliesTheDiscountToTheTotalAndRoundsUp()
    {
        Assert.Equal(30_000, PriceList.Default.Charge("optimus-edge", BillingTier.Batch, 0, 300));
        // Edge, 1 prompt token: 50 nanodollars interactive, 25 batch; 1 completion token: 200 and 100.
        Assert.Equal(25, PriceList.Default.Charge("optimus-edge", BillingTier.Batch, 1, 0));
        Assert.Equal(100, PriceList.Default.Charge("optimus-edge", BillingTier.Batch, 0, 1));
        // 3 nanodollars at 50% off is 1.5, rounded up to 2.
        var prices = new PriceList([new ModelPrice("m", 3_000_000, 0)], 5_000);
        Assert.Equal(3, prices.Charge("m", BillingTier.Interactive, 1, 0));
        Assert.Equal(2, prices.Charge("m", BillingTier.Batch, 1, 0));
    }

    [Fact]
    public void Charge_Batch_FullDiscountIsFree_NoDiscountIsInteractive()
    {
        var free = new PriceList([new ModelPrice("m", 600_000_000, 2_400_000_000)], 10_000);
        Assert.Equal(0, free.Charge("m", BillingTier.Batch, 12_345, 678));
        var none = new PriceList([new ModelPrice("m", 600_000_000, 2_400_000_000)], 0);
        Assert.Equal(none.Charge("m", BillingTier.Interactive, 12_345, 678), none.Charge("m", BillingTier.Batch, 12_345, 678));
    }

    [Fact]
    public void Charge_NeverUndercharges_AndBatchIsNeverDearer()
    {
        var random = new Random(20261101);
        for (var i = 0; i < 2_000; i++)
        {
            var input = random.NextInt64(0, 10_000_000_000);
            var output = random.NextInt64(0, 10_000_000_000);
            var discount = random.Next(0, 10_001);
            var prices = new PriceList([new ModelPrice("m", input, output)], discount);
            var prompt = random.NextInt64(0, 2_000_000);
            var completion = random.NextInt64(0, 2_000_000);

            var exact = (decimal)prompt * input / 1_000_000m + (decimal)completion * output / 1_000_000m;
            var interactive = prices.Charge("m", BillingTier.Interactive, prompt, completion);
            Assert.True(interactive >= exact && interactive - exact < 1, $"interactive {interactive} vs exact {exact}");

            var exactBatch = exact * (10_000 - discount) / 10_000m;
            var batch = prices.Charge("m", BillingTier.Batch, prompt, completion);
            Assert.True(batch >= exactBatch && batch - exactBatch < 1, $"batch {batch} vs exact {exactBatch}");
            Assert.True(batch <= interactive);
        }
    }

    [Fact]
    public void Charge_LargeInputs_UseWideIntermediates()
    {
        var prices = new PriceList([new ModelPrice("m", 1_000_000_000_000, 1_000_000_000_000)], 5_000);
        // 4e9 tokens at $1,000 per million: $4,000,000 = 4e15 nanodollars; the intermediate (4e21) overflows a long.
        Assert.Equal(4_000_000_000_000_000, prices.Charge("m", BillingTier.Interactive, 2_000_000_000, 2_000_000_000));
        Assert.Equal(2_000_000_000_000_000, prices.Charge("m", BillingTier.Batch, 2_000_000_000, 2_000_000_000));
        Assert.Throws<OverflowException>(() => prices.Charge("m", BillingTier.Interactive, long.MaxValue, 0));
    }

    [Fact]
    public void Charge_Batch_AtTheExtremes_IsExactOrThrowsOverflow()
    {
        var prices = new PriceList([new ModelPrice("m", long.MaxValue, long.MaxValue)], 9_999);
        // 1e10 tokens × (2^63 − 1) per million × 0.01%: exactly long.MaxValue.
        Assert.Equal(long.MaxValue, prices.Charge("m", BillingTier.Batch, 10_000_000_000, 0));
        // The exact total times the payable share exceeds even 128 bits; the result must not wrap around.
        Assert.Throws<OverflowException>(() => prices.Charge("m", BillingTier.Batch, long.MaxValue, long.MaxValue));
        Assert.Throws<OverflowException>(() => prices.Charge("m", BillingTier.Interactive, long.MaxValue, long.MaxValue));
    }

    [Fact]
    public void Charge_UnknownModel_ThrowsKeyNotFoundNamingTheKnownOnes()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => PriceList.Default.Charge("gpt-9", BillingTier.Interactive, 1, 1));
        Assert.Contains("gpt-9", error.Message, StringComparison.Ordinal);
        Assert.Contains("optimus-edge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Charge_NegativeTokens_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PriceList.Default.Charge("optimus-edge", BillingTier.Interactive, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PriceList.Default.Charge("optimus-edge", BillingTier.Interactive, 0, -1));
    }

    [Fact]
    public void MaxCharge_IsTheChargeOfTheBounds()
    {
        Assert.Equal(
            PriceList.Default.Charge("optimus-cloud", BillingTier.Batch, 4_096, 1_024),
            PriceList.Default.MaxCharge("optimus-cloud", BillingTier.Batch, 4_096, 1_024));
        Assert.True(PriceList.Default.MaxCharge("optimus-cloud", BillingTier.Interactive, 4_096, 1_024)
            >= PriceList.Default.Charge("optimus-cloud", BillingTier.Interactive, 4_000, 17));
    }

    [Fact]
    public void Constructor_RejectsBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriceList([], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriceList([], 10_001));
        Assert.Throws<ArgumentException>(() => new PriceList([new ModelPrice("m", -1, 0)], 0));
        Assert.Throws<ArgumentException>(() => new PriceList([new ModelPrice("a b", 1, 1)], 0));
        Assert.Throws<ArgumentException>(() => new PriceList([new ModelPrice("", 1, 1)], 0));
        Assert.Throws<ArgumentException>(() => new PriceList([new ModelPrice("m", 1, 1), new ModelPrice("m", 2, 2)], 0));
    }

    [Fact]
    public void Parse_ReadsDollarsPerMillionExactly()
    {
        var prices = PriceList.Parse("""
            # prices per million tokens
            optimus-edge input=0.05 output=0.20

            optimus-cloud output=2.40 input=0.6
            tiny input=0.000000001 output=1234567.123456789
            batch-discount=12.5%
            """);
        Assert.Equal(
            [
                new ModelPrice("optimus-edge", 50_000_000, 200_000_000),
                new ModelPrice("optimus-cloud", 600_000_000, 2_400_000_000),
                new ModelPrice("tiny", 1, 1_234_567_123_456_789),
            ],
            prices.Models);
        Assert.Equal(1_250, prices.BatchDiscountBasisPoints);
    }

    [Fact]
    public void Parse_WithoutDiscountLine_HasNoDiscount()
    {
        Assert.Equal(0, PriceList.Parse("m input=1 output=2").BatchDiscountBasisPoints);
    }

    [Fact]
    public void ToString_RoundTrips()
    {
        foreach (var prices in new[]
        {
            PriceList.Default,
            new PriceList([], 0),
            new PriceList([new ModelPrice("x", 1, 1_234_567_123_456_789), new ModelPrice("y", 0, 10_000_000_000)], 1),
        })
        {
            var text = prices.ToString();
            var parsed = PriceList.Parse(text);
            Assert.Equal(prices.Models, parsed.Models);
            Assert.Equal(prices.BatchDiscountBasisPoints, parsed.BatchDiscountBasisPoints);
            Assert.Equal(text, parsed.ToString());
        }
    }

    [Fact]
    public void ToString_Default_IsReadable()
    {
        Assert.Equal(
            "optimus-edge input=0.05 output=0.2\noptimus-cloud input=0.6 output=2.4\noptimus-auto input=0.6 output=2.4\nbatch-discount=50%\n",
            PriceList.Default.ToString());
    }

    [Theory]
    [InlineData("m input=0.05", 1)]
    [InlineData("m input=0.05 output=0.2 extra=1", 1)]
    [InlineData("m input=0,05 output=0.2", 1)]
    [InlineData("m input=-0.05 output=0.2", 1)]
    [InlineData("m input=1e3 output=0.2", 1)]
    [InlineData("m input=0.0000000001 output=0.2", 1)]
    [InlineData("m input=0.05 input=0.2", 1)]
    [InlineData("m price=0.05 output=0.2", 1)]
    [InlineData("m input output=0.2", 1)]
    [InlineData("m input= output=0.2", 1)]
    [InlineData("m input=99999999999 output=0.2", 1)]
    [InlineData("a input=1 output=1\n\nb input=1 output=x", 3)]
    [InlineData("a input=1 output=1\na input=2 output=2", 2)]
    [InlineData("batch-discount=50", 1)]
    [InlineData("batch-discount=101%", 1)]
    [InlineData("batch-discount=12.345%", 1)]
    [InlineData("batch-discount=50%\nbatch-discount=40%", 2)]
    public void Parse_BadLine_ThrowsFormatExceptionNamingTheLine(string text, int line)
    {
        var error = Assert.Throws<FormatException>(() => PriceList.Parse(text));
        Assert.StartsWith($"Price list line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IgnoresCarriageReturns()
    {
        var prices = PriceList.Parse("m input=1 output=2\r\nbatch-discount=50%\r\n");
        Assert.Equal([new ModelPrice("m", 1_000_000_000, 2_000_000_000)], prices.Models);
        Assert.Equal(5_000, prices.BatchDiscountBasisPoints);
    }
}
