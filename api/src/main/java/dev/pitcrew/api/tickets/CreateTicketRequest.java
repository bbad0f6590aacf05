package dev.pitcrew.api.tickets;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v1/tickets}: a ticket raised outside JIRA (in-game form, email bridge, console). */
public record CreateTicketRequest(
    @NotBlank @Size(max = 300) String title,
    @NotBlank @Email String requesterEmail,
    @NotBlank @Size(max = 100) String priority,
    @Size(max = 100) String category,
    @Size(max = 100) List<@NotBlank @Size(max = 100) String> labels) {}
