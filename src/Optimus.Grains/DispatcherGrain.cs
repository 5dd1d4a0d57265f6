using Optimus.Abstractions;
using Optimus.Core.Placement;
using Optimus.Core.Randomness;

namespace Optimus.Grains;

/// <summary>
/// Keeps the vehicles of one cell that may take work, with their load, and places jobs on them with the Core placement
/// policy. The eligible set is an array with swap-removal, so a placement costs O(1) whatever the fleet size.
/// </summary>
internal sealed class DispatcherGrain(IPlacementPolicy policy, IRandomSourceFactory randomFactory) : Grain, IDispatcherGrain
{
    private readonly Dictionary<string, Entry> _vehicles = new(StringComparer.Ordinal);
    private readonly EligibleSet _eligible = new();
    private readonly EligibleSet _idle = new();
    private IRandomSource _random = null!;
    private int _serving;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _random = randomFactory.Create($"dispatcher/{this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public Task Update(VehicleAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(availability);
        if (!_vehicles.TryGetValue(availability.VehicleId, out var entry) || entry.Availability.LeaseEpoch != availability.LeaseEpoch)
        {
            if (entry is not null && entry.Availability.LeaseEpoch > availability.LeaseEpoch)
            {
                return Task.CompletedTask; // a late update from a replaced lease
            }

            // A new lease: jobs held under the old one died with its connection.
            if (entry is { CountedServing: true })
            {
                _serving--;
            }

            entry = new Entry(availability);
            _vehicles[availability.VehicleId] = entry;
        }

        entry.Availability = availability;
        Refresh(entry);
        return Task.CompletedTask;
    }

    public Task Remove(string vehicleId, long leaseEpoch)
    {
        if (_vehicles.TryGetValue(vehicleId, out var entry) && entry.Availability.LeaseEpoch == leaseEpoch)
        {
            _eligible.Remove(vehicleId);
            _idle.Remove(vehicleId);
            _vehicles.Remove(vehicleId);
            if (entry.CountedServing)
            {
                _serving--;
            }
        }

        return Task.CompletedTask;
    }

    public Task<PlacementResult> Place(string jobId, JobClass jobClass, double expectedSeconds, PlacementConstraints? constraints = null)
    {
        var candidates = jobClass == JobClass.Batch ? _idle : _eligible;
        var index = policy.Choose(candidates.Loads, new PlacementRequest(jobClass, expectedSeconds, constraints?.ToFilter()), _random);
        if (index < 0)
        {
            var saturated = Saturated(jobClass, constraints?.ToFilter());
            return Task.FromResult(new PlacementResult(null, saturated));
        }

        var entry = _vehicles[candidates.Loads[index].VehicleId];
        entry.Jobs.Add(jobId);
        Refresh(entry);
        var a = entry.Availability;
        return Task.FromResult(new PlacementResult(new Placement(a.VehicleId, a.LeaseEpoch, a.ContextLength), false));
    }

    public Task Release(string vehicleId, long leaseEpoch, string jobId)
    {
        if (_vehicles.TryGetValue(vehicleId, out var entry) && entry.Availability.LeaseEpoch == leaseEpoch && entry.Jobs.Remove(jobId))
        {
            Refresh(entry);
        }

        return Task.CompletedTask;
    }

    public Task<FleetSummary> GetSummary()
    {
        int serving = 0, slots = 0, active = 0;
        foreach (var entry in _vehicles.Values)
        {
            if (entry.Availability.CanServe)
            {
                serving++;
                slots += entry.Availability.Slots;
            }

            active += entry.Jobs.Count;
        }

        return Task.FromResult(new FleetSummary(_vehicles.Count, serving, slots, active));
    }

    private void Refresh(Entry entry)
    {
        var a = entry.Availability;
        var load = new VehicleLoad(a.VehicleId, entry.Jobs.Count, a.Slots, a.PredictedDwellSeconds, a.Reputation, a.Region, a.HardwareClass);
        // Owners choose the categories of work their car takes: interactive requests, batch work, or both.
        Toggle(_eligible, load, a.CanServe && load.HasFreeSlot && a.Allows(JobCategories.Interactive));
        Toggle(_idle, load, a.CanServe && load.IsIdle && a.Allows(JobCategories.Batch));
        var counts = a.CanServe && a.Allows(JobCategories.Interactive);
        if (entry.CountedServing != counts)
        {
            entry.CountedServing = counts;
            _serving += counts ? 1 : -1;
        }
    }

    // Saturated: some vehicle could take this job but every such vehicle is busy (wait), as opposed to no vehicle
    // being able to take it at all (fail now). O(1) for plain interactive jobs; a constrained job scans, and only
    // when no vehicle had a free slot for it.
    private bool Saturated(JobClass jobClass, PlacementFilter? filter)
    {
        if (jobClass == JobClass.Interactive && filter is null or { IsAny: true })
        {
            return _serving > 0;
        }

        var category = JobCategories.Of(jobClass);
        foreach (var entry in _vehicles.Values)
        {
            var a = entry.Availability;
            var load = new VehicleLoad(a.VehicleId, entry.Jobs.Count, a.Slots, Region: a.Region, HardwareClass: a.HardwareClass);
            if (a.CanServe && a.Allows(category) && (filter is null || filter.Matches(load)))
            {
                return true;
            }
        }

        return false;
    }

    private static void Toggle(EligibleSet set, VehicleLoad load, bool member)
    {
        if (member)
        {
            set.Set(load);
        }
        else
        {
            set.Remove(load.VehicleId);
        }
    }

    private sealed class Entry(VehicleAvailability availability)
    {
        public VehicleAvailability Availability { get; set; } = availability;

        public HashSet<string> Jobs { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether this entry is counted among the vehicles that may take interactive work.</summary>
        public bool CountedServing { get; set; }
    }
}
