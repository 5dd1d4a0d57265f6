using Optimus.Core.Routing;

namespace Optimus.Routing.Tests.Core;

public sealed class ThresholdCalibrationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void ThresholdFor_DistinctScores_HitsShareOnCalibrationSet(double share)
    {
        var scores = Enumerable.Range(0, 200).Select(i => (double)((i * 37) % 200)).ToArray();

        var threshold = ThresholdCalibration.ThresholdFor(scores, share);

        Assert.Equal(share, ThresholdCalibration.CloudShare(scores, threshold), 3);
    }

    [Fact]
    public void ThresholdFor_QuantileInsideTie_TakesNearerSideOfTie()
    {
        double[] scores = [5, 4, 3, 3, 3, 3, 3, 3, 2, 1];

        // 30%: the tie spans ranks 3–8; taking none of it gives 20%, all of it 80%.
        var threshold = ThresholdCalibration.ThresholdFor(scores, 0.3);

        Assert.Equal(0.2, ThresholdCalibration.CloudShare(scores, threshold), 9);
    }

    [Fact]
    public void ThresholdFor_ShareOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdCalibration.ThresholdFor([1.0], 1.5));
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.ThresholdFor([], 0.5));
    }
}
