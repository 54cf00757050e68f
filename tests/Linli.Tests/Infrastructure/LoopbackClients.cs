using System.Net;
using System.Net.Sockets;

namespace Linli.Tests.Infrastructure;

public static class LoopbackClients
{
    /// <summary>
    /// A client like <see cref="LinliApp.Client"/> whose connections come from <paramref name="localAddress"/> (every
    /// 127.x.y.z is this machine), as if from another office: the login rate limit counts per client address.
    /// </summary>
    public static HttpClient ClientFrom(this LinliApp app, string localAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = app.BaseAddress };
}
