using System.Text.Encodings.Web;
using System.Text.Unicode;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;
using Linli.Data;
using Linli.Features.Account;
using Linli.Features.Activities;
using Linli.Features.Audit;
using Linli.Features.Benefits;
using Linli.Features.Cases;
using Linli.Features.Ledgers;
using Linli.Features.Party;
using Linli.Features.Registry;
using Linli.Features.Services;
using Linli.Features.Setup;
using Linli.Features.Tasks;
using Linli.Features.Visits;
using Linli.Features;
using Linli.Health;

namespace Linli.Web;

/// <summary>Builds the web application: services, then the request pipeline, then the routes.</summary>
public static class LinliServer
{
    /// <param name="configure">For tests: a last say over the builder (e.g. a logger that keeps every line).</param>
    public static WebApplication Build(LinliOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ApplicationName = typeof(LinliServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Lets the build output serve wwwroot (and the copied npm files) without a publish step.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddLinliConsole();

        var target = SqlitePragmas.WithWriteWait(DatabaseTarget.From(options), options.WriteWaitSeconds);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(target);
        SqliteCheckpoints.Claim(target);
        services.AddHostedService<SqliteCheckpoints>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => FieldCipher.OpenOrCreate(options.DataDir));
        // Pooled: the options (provider, interceptors) are built once, and a request takes a reset context from the
        // pool instead of configuring a new one (a large part of a small request's cost: /api/v1/me, issue 9).
        // The contexts hold no per-request services, which pooling requires.
        if (target.IsPostgres) services.AddDbContextPool<LinliDb, PostgresLinliDb>(o => target.Apply(o));
        else services.AddDbContextPool<LinliDb, SqliteLinliDb>(o => target.Apply(o));

        services.AddDataProtection().SetApplicationName("linli").PersistKeysToDbContext<LinliDb>();

        // The modules, each registering its own services (its routes are mapped below).
        services.AddAccess();             // accounts, sign-in, roles over units, authorization, tokens
        services.AddAudit();              // the audit log, its anchors, refused requests written to it
        services.AddRegistry();           // people, households, places, labels, search, import and export
        services.AddCalendar();           // the working-day calendar every deadline is counted on
        services.AddVisits();             // 走访: visit records, who is due, the coverage of a grid
        services.AddCases();              // cases, the help line, their clocks and workbenches
        services.AddBenefits();           // 低保 and other benefit applications, their public notices (公示)
        services.AddLedgers();           // 台账: department registers generated from the registry and the modules, submitted frozen
        services.AddTasks();             // 上级任务: tasks from the street with deadlines, evidence, acceptance and 催办; inspections and their 迎检 pack
        services.AddActivities();         // activities, volunteers, their hours, time bank and certificates
        services.AddParty();              // 党建: the branch, members, meetings, self-inspection and its rectification ledger
        services.AddServices();           // home services: orders priced 无偿/低偿/有偿, providers, settlement
        services.AddLinliHealthChecks();  // what /readyz and `linli doctor` ask

        services.AddSingleton<SetupState>();
        services.AddUiTextLocalization();  // the JSON tables as IStringLocalizer: validation messages, ModelState errors
        services.AddLoginRateLimit();     // password guessing: 429 per address and per user name
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Setup/Index");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
            o.Conventions.AllowAnonymousToPage("/Error");
        }).AddMvcOptions(o =>
        {
            o.Filters.Add(new NoHandlerFilter());
            // A value a form field cannot take (性别=99, a date that is no date) is named next to its field, in the
            // reader's language: ModelBindingMessages (AddUiTextLocalization).
        })
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(UiText)));
        services.AddLinliProblems();        // ProblemDetails in the user's language
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Linli 邻里 API";
            doc.Info.Description = "社区居委会工作台的接口。所有接口需要登录；错误以 ProblemDetails 返回。";
            return Task.CompletedTask;
        }));
        services.AddRequestLocalization(o =>
        {
            o.SetDefaultCulture(UiText.Default);
            o.AddSupportedCultures(UiText.Cultures);
            o.AddSupportedUICultures(UiText.Cultures);
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        configure?.Invoke(builder);
        var app = builder.Build();
        // The API answers errors as ProblemDetails; pages answer them with a page in the user's language.
        app.UseWhen(ctx => Cookies.IsApi(ctx.Request), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = Problems.StatusOf });
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !Cookies.IsApi(ctx.Request), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", AllowStatusCode404Response = true, StatusCodeSelector = Problems.StatusOf });
            // The failed request's query (?handler=Preview) would send the re-executed /Error to a handler it does not have.
            pages.Use((ctx, next) =>
            {
                if (ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null) ctx.Request.QueryString = QueryString.Empty;
                return next(ctx);
            });
            pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        });
        app.UseSecurityHeaders();
        app.UseRequestCharset();
        app.UseStaticFiles();
        // On SQLite, the request's writers wait their turn in order, without holding a thread (Data/SqliteWriteGate).
        if (!target.IsPostgres)
            app.Use(async (ctx, next) =>
            {
                using var turn = SqliteWriteGate.ForRequest();
                await next(ctx);
            });
        // Routing after the error handlers, so that a re-executed /Error request finds its page.
        app.UseRouting();
        app.UseRequestSizeCheck();
        app.UseRequestLocalization();
        app.UseLoginRateLimit();
        app.UseAuthentication();
        app.UseSetupGate();
        app.UseTwoFactorForAdministrators();
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapCultureEndpoint();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGroup("/api/v1").MapApiV1();
        app.MapRazorPages();
        return app;
    }
}
