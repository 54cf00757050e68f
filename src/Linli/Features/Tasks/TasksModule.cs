using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;

namespace Linli.Features.Tasks;

/// <summary>
/// 上级任务 as a module (issue 16, 一针穿): the street assigns tasks to its communities with a deadline on the working-day
/// calendar, the communities return evidence (files, or the ledger the task asks for, through <see cref="ILedgerSubmissionFollower"/>),
/// the street accepts or returns them and sends 催办; inspections received and their 迎检 pack. Reaches no work module:
/// the ledgers through <see cref="ILedgerShelf"/>.
/// </summary>
public static class TasksModule
{
    public const string TaskWork = "tasks.any";

    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.AddScoped<TaskDesk>();
        services.AddScoped<TaskReader>();
        services.AddScoped<Inspections>();
        services.AddScoped<ILedgerSubmissionFollower, TaskLedgerFollower>();
        services.AddScoped<IHomeCards, TaskHomeCards>();
        services.AddSingleton<IOpenDeadlines, TaskDeadlines>();
        return services;
    }

    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        api.MapTasksApi();
        return api;
    }
}
