/**
 * UserSig (TLSSigAPIv2) issuing and verification, and the user id rules of the call component.
 * Depends on Tencent's tls-sig-api-v2 (issuing) and Jackson; nothing else in the project.
 */
package io.callfarm.engine.auth;
