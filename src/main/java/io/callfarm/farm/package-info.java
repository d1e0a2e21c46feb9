/**
 * The device farm: the {@link io.callfarm.farm.Device} abstraction, its virtual implementation, the farm
 * configuration ({@code device-farm/farm.yaml}), leasing, and the child processes of the farm's servers
 * (Appium, Selenium Grid). Depends on the engine packages; browser and Appium devices live in
 * sub-packages.
 */
package io.callfarm.farm;
