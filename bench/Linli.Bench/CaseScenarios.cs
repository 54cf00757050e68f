using System.Security.Cryptography;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// 求助热线 (issue 13): the operator types the caller's full phone number and sees the caller view — the resident found
/// through the phone's keyed hash (the registry's public search path), the household, open cases and last visits. The
/// operator is an account of the first community, made here if the district has none; the numbers are real residents'
/// of that community, decrypted with the data directory's key as the hotline's caller would say them.
/// </summary>
static class CaseScenarios
{
    public const string HotlineUser = "bench-hotline";

    public sealed record Caller(long Id, long HouseholdId, string Phone, byte[] PhoneHash);

    /// <summary>A fresh access token of the hotline operator over <paramref name="communityId"/>, and the callers to look up.</summary>
    public static async Task<(string Token, IReadOnlyList<Caller> Callers)> PrepareAsync(DatabaseTarget target, FieldCipher cipher, long communityId, IReadOnlyList<long> gridIds, int count, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == HotlineUser, ct);
        var now = DateTime.UtcNow;
        if (user is null)
        {
            user = new LinliUser
            {
                UserName = HotlineUser, NormalizedUserName = HotlineUser.ToUpperInvariant(), DisplayName = "热线接线员", SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true, CreatedUtc = now,
            };
            user.PasswordHash = new PasswordHasher<LinliUser>().HashPassword(user, "bench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = Roles.HotlineOperator, OrgUnitId = communityId });
        }
        // Tokens are kept as hashes: each run makes its own.
        var secret = AccessTokens.TokenPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.AccessTokens.Add(new AccessToken { UserId = user.Id, Prefix = secret[..12], Hash = AccessTokens.HashOf(secret), CreatedUtc = now, ExpiresUtc = now.AddDays(1) });
        await db.SaveChangesAsync(ct);

        var grids = gridIds.ToList();
        var rows = await db.Residents.AsNoTracking()
            .Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active && r.PhoneCipher != null && r.PhoneHash != null && r.HouseholdId != null)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.HouseholdId, r.PhoneCipher, r.PhoneHash }).ToListAsync(ct);
        var step = Math.Max(1, rows.Count / count);
        var callers = rows.Where((_, i) => i % step == 0).Take(count)
            .Select(r => new Caller(r.Id, r.HouseholdId!.Value, cipher.Decrypt(r.PhoneCipher!), r.PhoneHash!)).ToList();
        return (secret, callers);
    }

    public static List<Scenario> Build(Clients c, RawDb raw, (string Token, IReadOnlyList<Caller> Callers) hotlineDesk, IReadOnlyList<long> communityGridIds, int iterations, CancellationToken ct)
    {
        var list = new List<Scenario>();
        var (token, callers) = hotlineDesk;
        var warmup = Math.Clamp(iterations / 4, 2, 50);
        if (callers.Count == 0) return list;
        var hotline = Clients.Api(c.Lead.BaseAddress!, token);
        var grids = RawDb.List(communityGridIds);
        Caller At(int i) => callers[i % callers.Count];
        list.Add(new("hotline-phone", "热线来电查询：按完整手机号找来电人（同户、进行中的事件、最近走访）", 30,
            i => Clients.GetAsync(hotline, "/api/v1/caller?q=" + Uri.EscapeDataString(At(i).Phone), ct),
            async i =>
            {
                // The same answer from the bare database: the person by the phone's hash inside the community, the address,
                // the household, the open cases and the last visits.
                var p = At(i);
                await raw.ReadAsync("SELECT r.\"Id\", r.\"Name\", r.\"PhoneMasked\", r.\"NationalIdMasked\", r.\"HouseholdId\", c.\"Name\", b.\"Name\", d.\"Unit\", d.\"Room\" FROM \"Residents\" r "
                    + "JOIN \"OrgUnits\" g ON g.\"Id\" = r.\"GridId\" JOIN \"OrgUnits\" c ON c.\"Id\" = g.\"ParentId\" LEFT JOIN \"Households\" h ON h.\"Id\" = r.\"HouseholdId\" "
                    + "LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" "
                    + $"WHERE r.\"PhoneHash\" = @h AND r.\"GridId\" IN ({grids}) AND r.\"Status\" = 'Active' ORDER BY r.\"Name\", r.\"Id\" LIMIT 21", ct, ("@h", p.PhoneHash));
                await raw.ReadAsync($"SELECT m.\"Name\", m.\"RelationToHead\" FROM \"Residents\" m WHERE m.\"HouseholdId\" = @hh AND m.\"GridId\" IN ({grids}) AND m.\"Status\" = 'Active' ORDER BY m.\"RelationToHead\", m.\"Id\"",
                    ct, ("@hh", p.HouseholdId));
                await raw.ReadAsync("SELECT x.\"Reference\", x.\"Kind\", x.\"State\", x.\"DueAt\" FROM \"Cases\" x WHERE x.\"ResidentId\" = @r AND x.\"State\" IN ('Registered', 'Accepted', 'Handling') ORDER BY x.\"DueAt\"",
                    ct, ("@r", p.Id));
                await raw.ReadAsync("SELECT v.\"Date\", v.\"Method\", v.\"VisitorName\" FROM \"Visits\" v WHERE v.\"ResidentId\" = @r ORDER BY v.\"Date\" DESC LIMIT 3", ct, ("@r", p.Id));
            }, iterations, warmup));
        return list;
    }
}
