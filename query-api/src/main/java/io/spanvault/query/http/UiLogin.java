package io.spanvault.query.http;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * How a browser gets credentials to the query API and UI. Basic auth needs nothing here: the 401's
 * {@code WWW-Authenticate: Basic} makes the browser ask. A token cannot be typed into that dialog, so a page
 * asking for HTML gets a small form that keeps the token in a same-site cookie, which is then read as if it
 * were the {@code Authorization} header (the header wins when both are sent).
 */
final class UiLogin {
    /** The cookie holding the whole {@code Authorization} value, URL-encoded. */
    static final String COOKIE = "spanvault_authorization";

    private UiLogin() {
    }

    /** The request's headers, with the cookie's credentials as {@code Authorization} when that is absent. */
    static HttpHeaders credentials(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.AUTHORIZATION) || !headers.contains(HttpHeaderNames.COOKIE)) {
            return headers;
        }
        for (String line : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(line)) {
                if (cookie.name().equals(COOKIE)) {
                    HttpHeaders withCredentials = new DefaultHttpHeaders().add(headers);
                    withCredentials.set(HttpHeaderNames.AUTHORIZATION,
                            URLDecoder.decode(cookie.value(), StandardCharsets.UTF_8));
                    return withCredentials;
                }
            }
        }
        return headers;
    }

    /** The 401: the token form for a browser page under a token scheme, plain text otherwise. */
    static FullHttpResponse unauthorized(FullHttpRequest request, String challenge) {
        String scheme = challenge.split(" ", 2)[0];
        boolean page = request.headers().get(HttpHeaderNames.ACCEPT, "").contains("text/html");
        String type;
        String body;
        if (page && !scheme.equalsIgnoreCase("Basic")) {
            type = "text/html; charset=utf-8";
            body = form(scheme);
        } else {
            type = "text/plain; charset=utf-8";
            body = "missing or invalid credentials\n";
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.UNAUTHORIZED, io.netty.buffer.Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private static String form(String scheme) {
        String quoted = scheme.replaceAll("[^A-Za-z0-9._-]", "");
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Spanvault: sign in</title></head>
                <body style="font-family: sans-serif; max-width: 28em; margin: 4em auto">
                <h1>Spanvault</h1>
                <form id="login"><label>Token <input id="token" type="password" autocomplete="off" autofocus required
                 style="width: 100%"></label> <button type="submit">Open</button></form>
                <script>
                document.getElementById('login').addEventListener('submit', event => {
                  event.preventDefault();
                  const value = encodeURIComponent('SCHEME ' + document.getElementById('token').value);
                  const secure = location.protocol === 'https:' ? '; Secure' : '';
                  document.cookie = 'COOKIE=' + value + '; path=/; SameSite=Strict' + secure;
                  location.reload();
                });
                </script>
                </body></html>
                """.replace("SCHEME", quoted).replace("COOKIE", COOKIE);
    }
}
