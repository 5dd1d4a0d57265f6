namespace Optimus.Core.Randomness;

/// <summary>
/// Hands each owner of randomness (a dispatcher, an agent, a simulated vehicle) its own stream, derived from one root
/// seed and the owner's name, so that streams do not interfere and a run replays from the root seed.
/// </summary>
public interface IRandomSourceFactory
{
    IRandomSource Create(string owner);
}
