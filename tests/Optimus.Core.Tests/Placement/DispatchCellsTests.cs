using Optimus.Core.Placement;

namespace Optimus.Core.Tests.Placement;

public sealed class DispatchCellsTests
{
    [Fact]
    public void CellOf_SameVehicle_AlwaysSameCell() => Assert.Equal(new DispatchCells(8).CellOf("car-42"), new DispatchCells(8).CellOf("car-42"));

    [Fact]
    public void CellOf_ManyVehicles_SpreadEvenly()
    {
        var cells = new DispatchCells(8);
        var counts = Enumerable.Range(0, 80_000).GroupBy(i => cells.CellOf($"car-{i}")).Select(g => g.Count()).ToList();
        Assert.Equal(8, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void FromStart_VisitsEveryCellOnce() =>
        Assert.Equal(["cell-2", "cell-0", "cell-1"], new DispatchCells(3).FromStart(5).ToArray());
}
