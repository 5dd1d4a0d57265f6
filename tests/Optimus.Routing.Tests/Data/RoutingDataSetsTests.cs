using Optimus.Routing.Data;
using Optimus.Testing;

namespace Optimus.Routing.Tests.Data;

public sealed class RoutingDataSetsTests
{
    public static string DataDirectory => Path.Combine(TestPaths.SharedDirectory, "data", "routing");

    [Fact]
    public void ReadRecords_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        using var reader = new StringReader("a,b\n\"x, \"\"y\"\"\nz\",2\r\nplain,3");

        var records = CsvReader.ReadRecords(reader).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(["x, \"y\"\nz", "2"], records[1]);
        Assert.Equal(["plain", "3"], records[2]);
    }

    [Fact]
    public void Load_SharedData_ReadsBothSetsWithLabels()
    {
        var rows = RoutingDataSets.Load(DataDirectory);

        var gsm8k = rows.Where(r => r.DataSet == RoutingDataSets.Gsm8k).ToList();
        var mmlu = rows.Where(r => r.DataSet == RoutingDataSets.Mmlu).ToList();
        Assert.Equal(1319, gsm8k.Count);
        Assert.Equal(14042, mmlu.Count);
        Assert.All(gsm8k, r => Assert.NotNull(r.WeakResponse));
        Assert.Equal(57, mmlu.Select(r => r.Subject).Distinct().Count());
        Assert.Equal(0.638, gsm8k.Average(r => r.Outcome.WeakCorrect ? 1.0 : 0.0), 3);
        Assert.Equal(0.806, mmlu.Average(r => r.Outcome.StrongCorrect ? 1.0 : 0.0), 3);
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsWithPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-routing-data");

        var error = Assert.Throws<DirectoryNotFoundException>(() => RoutingDataSets.Load(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
