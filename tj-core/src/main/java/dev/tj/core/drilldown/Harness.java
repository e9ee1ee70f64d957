package dev.tj.core.drilldown;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness text Claude Code and Codex wrap around what the human typed (reference §4.3): system
 * reminders, task notifications, slash-command tags, environment context. Stripped before a prompt
 * counts as an ask; a slash command becomes {@code /name args}.
 */
final class Harness {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern COMMAND_NAME = Pattern.compile("<command-name>(.*?)</command-name>", FLAGS);
    private static final Pattern COMMAND_ARGS = Pattern.compile("<command-args>(.*?)</command-args>", FLAGS);
    private static final Pattern BLOCKS = Pattern.compile(
            "<(system-reminder|task-notification|environment_context|user_instructions)>.*?</\\1>"
                    + "|<((?:local-)?command-[a-z-]+)>.*?</\\2>",
            FLAGS);
    private static final Pattern STRAY = Pattern.compile(
            "</?(?:system-reminder|task-notification|environment_context|user_instructions|(?:local-)?command-[a-z-]+)>",
            FLAGS);
    private static final Pattern NOTIFICATION = Pattern.compile("<task-notification>(.*?)</task-notification>", FLAGS);

    private Harness() {}

    /** The human's words, or the slash command, or "" when it was all harness. */
    static String strip(String text) {
        if (text == null) return "";
        String command = "";
        Matcher m = COMMAND_NAME.matcher(text);
        if (m.find()) {
            String name = m.group(1).strip();
            command = name.startsWith("/") ? name : "/" + name;
            Matcher a = COMMAND_ARGS.matcher(text);
            if (a.find() && !a.group(1).isBlank()) command += " " + a.group(1).strip();
        }
        String s = STRAY.matcher(BLOCKS.matcher(text).replaceAll(""))
                .replaceAll("")
                .strip();
        return s.isEmpty() ? command : s;
    }

    /** A background subagent's completion notice: {@code <task-id>}, {@code <tool-use-id>}, {@code <status>}. */
    record Notification(String taskId, String toolUseId, String status) {}

    static java.util.List<Notification> notifications(String text) {
        if (text == null || !text.contains("task-notification")) return java.util.List.of();
        java.util.List<Notification> out = new java.util.ArrayList<>();
        Matcher m = NOTIFICATION.matcher(text);
        while (m.find()) {
            String body = m.group(1);
            out.add(new Notification(tag(body, "task-id"), tag(body, "tool-use-id"), tag(body, "status")));
        }
        return out;
    }

    private static String tag(String body, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", FLAGS).matcher(body);
        return m.find() ? m.group(1).strip() : null;
    }
}
