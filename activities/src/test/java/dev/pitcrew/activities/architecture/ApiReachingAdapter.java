package dev.pitcrew.activities.architecture;

import dev.pitcrew.api.architecture.fixtures.ApiSideType;

/** Breaks {@code ActivitiesArchitectureTest.ACTIVITIES_KNOW_NOTHING_OF_API_OR_WORKERS} on purpose. */
class ApiReachingAdapter {
  String describe(ApiSideType type) {
    return type.name();
  }
}
