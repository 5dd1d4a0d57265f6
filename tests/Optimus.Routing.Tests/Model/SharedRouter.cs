namespace Optimus.Routing.Tests.Model;

/// <summary>Tests that share one trained router (training it once keeps the suite fast).</summary>
[CollectionDefinition(Name)]
public sealed class SharedRouter : ICollectionFixture<RouterFixture>
{
    public const string Name = "trained router";
}
