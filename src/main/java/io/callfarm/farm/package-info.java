/**
 * The device farm: the {@link io.callfarm.farm.Device} abstraction, its virtual implementation, the
 * farm configuration ({@code device-farm/farm.yaml}) and leasing. Depends on the engine packages;
 * browser and Appium devices live in sub-packages.
 */
package io.callfarm.farm;
