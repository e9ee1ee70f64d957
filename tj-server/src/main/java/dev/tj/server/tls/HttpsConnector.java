package dev.tj.server.tls;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The one Jetty connector of a daemon that serves HTTPS: TLS, then HTTP/1.1, on the configured address. */
public final class HttpsConnector {
    private HttpsConnector() {}

    public static Connector create(Server server, HttpConfiguration http, PemKeyStore identity, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore());
        ssl.setKeyStorePassword(new String(identity.password()));
        ssl.setCertAlias(PemKeyStore.ALIAS);
        // A client on this machine may dial 127.0.0.1 while the certificate names the team host;
        // it checks the name itself, the server has no reason to refuse the request.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setSecureScheme("https");
        ServerConnector c = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        return c;
    }
}
